import type { Kysely } from 'kysely'
import type { IndexedEvent } from '../../events/IndexedEvent.js'
import { eventFromRow } from '../eventFromRow.js'
import type { IndexTables } from '../IndexTables.js'
import { pageLimit, parseEventCursor, toPage, type Page, type PageQuery } from './Page.js'

/**
 * Every event that concerns a battery (its registration, charges and discharges, status changes,
 * transfers, and the swaps it was in), oldest first (or `newest` first: what a GUI shows), a page at a
 * time, each with its block's time. The cursor is the last event of the page before, in that order.
 *
 * @example
 * const { items, next } = await queryBatteryHistory(db, 7, { limit: 50 })
 * const more = await queryBatteryHistory(db, 7, { limit: 50, cursor: next })
 */
export async function queryBatteryHistory(db: Kysely<IndexTables>, batteryId: number, q?: PageQuery & { newest?: boolean }): Promise<Page<IndexedEvent & { time?: number }>> {
  const limit = pageLimit(q)
  let query = db
    .selectFrom('battery_events as h')
    .innerJoin('events as e', (j) => j.onRef('e.block', '=', 'h.block').onRef('e.log_index', '=', 'h.log_index'))
    .selectAll('e')
    .where('h.battery_id', '=', batteryId)
  if (q?.cursor) {
    const [block, logIndex] = parseEventCursor(q.cursor)
    const past = q.newest ? '<' : '>'
    query = query.where((w) => w.or([w('h.block', past, block), w.and([w('h.block', '=', block), w('h.log_index', past, logIndex)])]))
  }
  const direction = q?.newest ? 'desc' : 'asc'
  const rows = await query.orderBy('h.block', direction).orderBy('h.log_index', direction).limit(limit + 1).execute()
  return toPage(rows, limit, eventFromRow, (r) => `${r.block}:${r.log_index}`)
}
