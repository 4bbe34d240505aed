import { sql, type Kysely } from 'kysely'
import type { batteryStatusNames } from '../../../sdk/enums.js'
import type { IndexTables } from '../IndexTables.js'

/** How many batteries a holder has in one status. */
export type StockRow = { holder: number; status: (typeof batteryStatusNames)[number]; count: number }

/**
 * Batteries by holder and status (in service, charging, ..., recycled): a station's stock, or every
 * holder's when `holder` is not given. One row per holder and status that has any, by holder then status.
 *
 * @example
 * await queryStock(db, { holder: stationUnit(1) }) // [{ holder: 2147483649, status: 'InService', count: 12 }, ...]
 */
export async function queryStock(db: Kysely<IndexTables>, q: { holder?: number } = {}): Promise<StockRow[]> {
  let query = db.selectFrom('batteries').select(['holder', 'status', sql<string>`count(*)`.as('count')]).groupBy(['holder', 'status'])
  if (q.holder !== undefined) query = query.where('holder', '=', q.holder)
  const rows = await query.orderBy('holder').orderBy('status').execute()
  return rows.map((r) => ({ holder: Number(r.holder), status: r.status as StockRow['status'], count: Number(r.count) }))
}
