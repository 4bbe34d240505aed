import { getAddress, type Address } from 'viem'
import { sql, type Kysely } from 'kysely'
import type { LedgerKind } from '../../events/classifyTransfers.js'
import type { IndexTables } from '../IndexTables.js'

/** What one kind of movement brought an account and took from it on one UTC day, in cents (both ≥ 0). */
export type LedgerDay = { day: string; kind: LedgerKind; in: bigint; out: bigint }

/**
 * An account's E-coin in and out per UTC day and kind of movement (settlement, fee, refund...), oldest day
 * first: what a dashboard charts. `from` and `to` are unix seconds (to exclusive). Entries whose block had
 * no time are left out (a day cannot be given to them).
 *
 * @example
 * await queryLedgerByDay(db, stationAccount, { from: Date.UTC(2026, 10, 5) / 1000, to: Date.UTC(2026, 11, 5) / 1000 })
 * // [{ day: '2026-12-04', kind: 'settlement', in: 12650n, out: 0n }, { day: '2026-12-04', kind: 'fee', in: 0n, out: 60n }]
 */
export async function queryLedgerByDay(db: Kysely<IndexTables>, account: Address, q: { from: number; to: number }): Promise<LedgerDay[]> {
  const day = sql<string>`to_char(to_timestamp(time) at time zone 'UTC', 'YYYY-MM-DD')`
  const rows = await db
    .selectFrom('ledger')
    .select([
      day.as('day'),
      'kind',
      sql<string>`coalesce(sum(amount) filter (where amount > 0), 0)`.as('in'),
      sql<string>`coalesce(-sum(amount) filter (where amount < 0), 0)`.as('out'),
    ])
    .where('account', '=', getAddress(account))
    .where('time', '>=', q.from)
    .where('time', '<', q.to)
    .groupBy([day, 'kind'])
    .orderBy(day)
    .orderBy('kind')
    .execute()
  // numeric sums come back as decimal strings ("1250" or "1250.0" by engine): whole cents either way.
  return rows.map((r) => ({ day: r.day, kind: r.kind as LedgerKind, in: BigInt(String(r.in).split('.')[0]!), out: BigInt(String(r.out).split('.')[0]!) }))
}
