import type { Kysely } from 'kysely'
import type { Address } from 'viem'
import type { batteryStatusNames } from '../../../sdk/enums.js'
import type { IndexTables } from '../IndexTables.js'
import { pageLimit, parseIdCursor, toPage, type Page, type PageQuery } from './Page.js'

export type IndexedBattery = { id: number; owner: Address; holder: number; status: (typeof batteryStatusNames)[number] }

/** A stored battery in the API's shape. */
export function batteryFromRow(r: IndexTables['batteries']): IndexedBattery {
  return { id: Number(r.id), owner: r.owner as Address, holder: Number(r.holder), status: r.status as IndexedBattery['status'] }
}

/**
 * Batteries held by `holder` (or all), optionally in one status, by id, a page at a time (the cursor is
 * the last id of the page before).
 *
 * @example
 * await queryBatteries(db, { holder: stationUnit(1), status: 'InService', limit: 20 })
 */
export async function queryBatteries(db: Kysely<IndexTables>, q: PageQuery & { holder?: number; status?: string } = {}): Promise<Page<IndexedBattery>> {
  const limit = pageLimit(q)
  let query = db.selectFrom('batteries').selectAll()
  if (q.holder !== undefined) query = query.where('holder', '=', q.holder)
  if (q.status !== undefined) query = query.where('status', '=', q.status)
  if (q.cursor) query = query.where('id', '>', parseIdCursor(q.cursor))
  const rows = await query.orderBy('id').limit(limit + 1).execute()
  return toPage(rows, limit, batteryFromRow, (r) => String(r.id))
}
