import { sql, type Kysely } from 'kysely'
import { isStationUnit } from '../../../sdk/units.js'
import type { IndexTables } from '../IndexTables.js'
import { swapOutcomeCounts, toSwapCounts, type SwapCounts } from './swapOutcomeCounts.js'

/** The swaps requested in one hour (UTC) of a day, by what became of them. */
export type SwapHour = { hour: number } & SwapCounts

/**
 * A unit's swaps (a station's, or an EV's) requested on one UTC day, hour by hour: 24 rows, hour 0 to 23,
 * hours without swaps at zero, so a chart needs no filling. `day` is the day's 00:00 UTC in unix seconds.
 *
 * @example
 * await querySwapsByHour(db, { unit: stationUnit(1), day: Date.UTC(2026, 11, 4) / 1000 })
 * // [{ hour: 0, requested: 0, ... }, ..., { hour: 14, requested: 3, approved: 2, denied: 1, cancelled: 0, pending: 0 }, ...]
 */
export async function querySwapsByHour(db: Kysely<IndexTables>, q: { unit: number; day: number }): Promise<SwapHour[]> {
  // No bound parameter in the grouped expression: the select's and the group by's would be two parameters,
  // which PostgreSQL does not see as one expression.
  const hour = sql<string>`extract(hour from to_timestamp(requested_time) at time zone 'UTC')`
  const rows = await db
    .selectFrom('swaps')
    .select([hour.as('hour'), ...swapOutcomeCounts()])
    .where(isStationUnit(q.unit) ? 'station_unit' : 'ev_unit', '=', q.unit)
    .where('requested_time', '>=', q.day)
    .where('requested_time', '<', q.day + 86_400)
    .groupBy(hour)
    .execute()
  const hours: SwapHour[] = Array.from({ length: 24 }, (_, h) => ({ hour: h, requested: 0, approved: 0, denied: 0, cancelled: 0, pending: 0 }))
  for (const r of rows) hours[Number(r.hour)] = { hour: Number(r.hour), ...toSwapCounts(r) }
  return hours
}
