import type { Kysely } from 'kysely'
import type { IndexedEvent } from '../../events/IndexedEvent.js'
import { eventFromRow } from '../eventFromRow.js'
import type { IndexTables } from '../IndexTables.js'
import { pageLimit, parseEventCursor, toPage, type Page, type PageQuery } from './Page.js'

/**
 * The events of block `since` and after, oldest first, a page at a time: what a client that was away
 * (an SSE stream that dropped, a GUI opened late) missed. `cursor` is the last event it has, block:logIndex.
 *
 * @example
 * const { items, next } = await queryEventsSince(db, 1200, { limit: 500 })
 */
export async function queryEventsSince(db: Kysely<IndexTables>, since: number, q?: PageQuery): Promise<Page<IndexedEvent & { time?: number }>> {
  const limit = pageLimit(q)
  let query = db.selectFrom('events').selectAll().where('block', '>=', since)
  if (q?.cursor) {
    const [block, logIndex] = parseEventCursor(q.cursor)
    query = query.where((w) => w.or([w('block', '>', block), w.and([w('block', '=', block), w('log_index', '>', logIndex)])]))
  }
  const rows = await query.orderBy('block').orderBy('log_index').limit(limit + 1).execute()
  return toPage(rows, limit, eventFromRow, (r) => `${r.block}:${r.log_index}`)
}
