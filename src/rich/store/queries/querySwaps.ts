import type { Kysely } from 'kysely'
import type { Address } from 'viem'
import type { swapStatusNames } from '../../../sdk/enums.js'
import { isStationUnit } from '../../../sdk/units.js'
import type { IndexTables } from '../IndexTables.js'
import { pageLimit, parseIdCursor, toPage, type Page, type PageQuery } from './Page.js'

export type IndexedSwap = {
  id: number
  evOwner: Address
  evUnit: number
  stationUnit: number
  evBatteryId: number
  stationBatteryId: number
  status: (typeof swapStatusNames)[number]
  /** Unix seconds of the request's block (0 when the node gave none). */
  requestedAt: number
}

/** A stored swap in the API's shape. */
export function swapFromRow(r: IndexTables['swaps']): IndexedSwap {
  return {
    id: Number(r.id),
    evOwner: r.ev_owner as Address,
    evUnit: Number(r.ev_unit),
    stationUnit: Number(r.station_unit),
    evBatteryId: Number(r.ev_battery_id),
    stationBatteryId: Number(r.station_battery_id),
    status: r.status as IndexedSwap['status'],
    requestedAt: Number(r.requested_time),
  }
}

/**
 * Swaps involving `unit` (as the EV's or the station's), optionally with one status, oldest first (or
 * `newest` first), a page at a time (the cursor is the last swap id of the page before).
 *
 * @example
 * await querySwaps(db, { unit: stationUnit(1), status: 'Pending' })
 */
export async function querySwaps(db: Kysely<IndexTables>, q: PageQuery & { unit?: number; status?: string; newest?: boolean } = {}): Promise<Page<IndexedSwap>> {
  const limit = pageLimit(q)
  let query = db.selectFrom('swaps').selectAll()
  // A unit is a station's or an EV's (its top bit says which): one column, so its index serves the page.
  if (q.unit !== undefined) query = query.where(isStationUnit(q.unit) ? 'station_unit' : 'ev_unit', '=', q.unit)
  if (q.status !== undefined) query = query.where('status', '=', q.status)
  if (q.cursor) query = query.where('id', q.newest ? '<' : '>', parseIdCursor(q.cursor))
  const rows = await query.orderBy('id', q.newest ? 'desc' : 'asc').limit(limit + 1).execute()
  return toPage(rows, limit, swapFromRow, (r) => String(r.id))
}
