import { sql, type Kysely } from 'kysely'
import type { Address } from 'viem'
import type { roleNames } from '../../../sdk/enums.js'
import type { IndexTables } from '../IndexTables.js'
import { pageLimit, parseIdCursor, toPage, type Page, type PageQuery } from './Page.js'

export type AccountRow = { address: Address; role: (typeof roleNames)[number]; unit: number; balance: bigint; isSuper: boolean; suspended: boolean }

/**
 * Registered accounts and super accounts, each with its E-coin balance (cents) and whether the super account
 * suspended it, a page at a time. All accounts come by address (the cursor is the last address of the page
 * before); the accounts of one role come by unit, so station 1 is listed before station 2 whatever their keys
 * (the cursor is the last unit).
 *
 * @example
 * const { items } = await queryAccounts(db, { limit: 100 })
 */
export async function queryAccounts(db: Kysely<IndexTables>, q: PageQuery & { role?: AccountRow['role'] } = {}): Promise<Page<AccountRow>> {
  const limit = pageLimit(q)
  // Registered accounts and super accounts (which may not be registered) together, one row each.
  const known = db
    .selectFrom('accounts')
    .select('address')
    .union(db.selectFrom('supers').select('address'))
  let query = db
    .selectFrom(known.as('k'))
    .leftJoin('accounts as a', 'a.address', 'k.address')
    .leftJoin('balances as b', 'b.address', 'k.address')
    .leftJoin('supers as s', 's.address', 'k.address')
    .select(['k.address', 'a.role', 'a.unit', 'a.suspended', 'b.balance', sql<boolean>`s.address is not null`.as('is_super')])
  const byUnit = q.role !== undefined
  if (byUnit) query = query.where('a.role', '=', q.role!)
  if (q.cursor) query = byUnit ? query.where('a.unit', '>', parseIdCursor(q.cursor)) : query.where('k.address', '>', q.cursor)
  const rows = await (byUnit ? query.orderBy('a.unit') : query.orderBy('k.address')).limit(limit + 1).execute()
  return toPage(
    rows,
    limit,
    (r) => ({ address: r.address as Address, role: (r.role ?? 'None') as AccountRow['role'], unit: Number(r.unit ?? 0), balance: BigInt(r.balance ?? '0'), isSuper: Boolean(r.is_super), suspended: Boolean(r.suspended) }),
    (r) => (byUnit ? String(r.unit) : r.address),
  )
}
