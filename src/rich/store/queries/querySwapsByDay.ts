import { sql, type Kysely } from 'kysely'
import type { IndexTables } from '../IndexTables.js'
import { swapOutcomeCounts, toSwapCounts, type SwapCounts } from './swapOutcomeCounts.js'

/** One station's swaps requested on one day (UTC), by what became of them. */
export type SwapDay = { day: string; stationUnit: number } & SwapCounts

/**
 * Swaps by station and by day (UTC, from the block time of each request), newest day first: what a
 * dashboard charts. `from` and `to` are unix seconds (to exclusive); at most `limit` rows (default 366);
 * without `from`, the `limit` days up to the newest swap.
 *
 * @example
 * await querySwapsByDay(db, { stationUnit: stationUnit(1), from: Date.UTC(2026, 11, 1) / 1000 })
 * // [{ day: '2026-12-03', stationUnit: 2147483649, requested: 40, approved: 37, denied: 2, cancelled: 1, pending: 0 }]
 */
export async function querySwapsByDay(db: Kysely<IndexTables>, q: { stationUnit?: number; from?: number; to?: number; limit?: number } = {}): Promise<SwapDay[]> {
  const day = sql<string>`to_char(to_timestamp(requested_time) at time zone 'UTC', 'YYYY-MM-DD')`
  let query = db
    .selectFrom('swaps')
    .select([day.as('day'), 'station_unit', ...swapOutcomeCounts()])
    .groupBy([day, 'station_unit'])
  if (q.stationUnit !== undefined) query = query.where('station_unit', '=', q.stationUnit)
  const limit = Math.min(Math.max(1, q.limit ?? 366), 5000)
  if (q.from !== undefined) query = query.where('requested_time', '>=', q.from)
  else {
    // Without a start, the `limit` days up to the newest swap: a read bounded by the window, not the history.
    let newest = db.selectFrom('swaps').select((eb) => eb.fn.max('requested_time').as('t'))
    if (q.stationUnit !== undefined) newest = newest.where('station_unit', '=', q.stationUnit)
    query = query.where('requested_time', '>=', (eb) => eb(eb.fn.coalesce(newest, eb.lit(0)), '-', limit * 86_400))
  }
  if (q.to !== undefined) query = query.where('requested_time', '<', q.to)
  const rows = await query
    .orderBy(day, 'desc')
    .orderBy('station_unit')
    .limit(limit)
    .execute()
  return rows.map((r) => ({ day: r.day, stationUnit: Number(r.station_unit), ...toSwapCounts(r) }))
}
