import { sql } from 'kysely'

/** Swaps requested, and how many of them became each outcome (pending: not decided yet). */
export type SwapCounts = { requested: number; approved: number; denied: number; cancelled: number; pending: number }

const count = (status: string) => sql<string>`count(*) filter (where status = ${status})`

/**
 * The columns that count a group of swaps by outcome, for a grouped select on `swaps`; `toSwapCounts` reads
 * them back. One place for the statuses both the daily and the hourly figures count.
 *
 * @example
 * const rows = await db.selectFrom('swaps').select([day.as('day'), ...swapOutcomeCounts()]).groupBy(day).execute()
 * rows.map((r) => ({ day: r.day, ...toSwapCounts(r) }))
 */
export function swapOutcomeCounts() {
  return [
    sql<string>`count(*)`.as('requested'),
    count('Approved').as('approved'),
    count('Denied').as('denied'),
    count('Cancelled').as('cancelled'),
    count('Pending').as('pending'),
  ] as const
}

/** A row of `swapOutcomeCounts` columns (the database answers counts as text) as numbers. */
export function toSwapCounts(r: Record<keyof SwapCounts, string | number | bigint>): SwapCounts {
  return { requested: Number(r.requested), approved: Number(r.approved), denied: Number(r.denied), cancelled: Number(r.cancelled), pending: Number(r.pending) }
}
