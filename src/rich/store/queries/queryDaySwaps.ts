import type { Kysely } from 'kysely'
import { isStationUnit } from '../../../sdk/units.js'
import type { IndexTables } from '../IndexTables.js'
import { swapFromRow, type IndexedSwap } from './querySwaps.js'

/** A swap with its terms: the difference and fee fixed at its request, in cents. */
export type SwapWithTerms = IndexedSwap & { difference: bigint; fee: bigint }

/** Most swaps one day's list holds: a day of a busy station, bounded so a report cannot ask for the history. */
export const DAY_SWAPS_MAX = 5000

/**
 * A unit's swaps (a station's, or an EV's) requested between `from` and `to` (unix seconds, to exclusive;
 * a UTC day for a report), oldest first, each with its difference and fee; at most DAY_SWAPS_MAX.
 *
 * @example
 * await queryDaySwaps(db, { unit: stationUnit(1), from: day, to: day + 86_400 })
 * // [{ id: 4, evUnit: 3, evBatteryId: 7, stationBatteryId: 2, status: 'Approved', difference: 6343n, fee: 210n, ... }]
 */
export async function queryDaySwaps(db: Kysely<IndexTables>, q: { unit: number; from: number; to: number }): Promise<SwapWithTerms[]> {
  const rows = await db
    .selectFrom('swaps')
    .selectAll()
    .where(isStationUnit(q.unit) ? 'station_unit' : 'ev_unit', '=', q.unit)
    .where('requested_time', '>=', q.from)
    .where('requested_time', '<', q.to)
    .orderBy('requested_time')
    .orderBy('id')
    .limit(DAY_SWAPS_MAX)
    .execute()
  return rows.map((r) => ({ ...swapFromRow(r), difference: BigInt(r.difference), fee: BigInt(r.fee) }))
}
