import type { Address } from 'viem'
import type { IndexReader } from '../../src/rich/store/createIndexReader.js'
import type { LedgerEntry } from '../../src/rich/store/queries/queryLedger.js'
import type { Page } from '../../src/rich/store/queries/Page.js'

/** Every item of a paged list, page after page (`limit` each), checking that the pages chain by their cursors. */
export async function allPages<T>(page: (cursor: string | undefined) => Promise<Page<T>>): Promise<T[]> {
  const items: T[] = []
  let cursor: string | undefined
  for (let pages = 0; ; pages++) {
    if (pages > 10_000) throw new Error('more than 10 000 pages: the cursor does not move on')
    const p = await page(cursor)
    items.push(...p.items)
    if (p.next === undefined) return items
    if (p.items.length === 0) throw new Error(`an empty page with a next cursor (${p.next})`)
    cursor = p.next
  }
}

/** An account's whole ledger, newest first, page after page. */
export async function wholeLedger(index: Pick<IndexReader, 'ledger'>, account: Address, limit = 500): Promise<LedgerEntry[]> {
  const entries: LedgerEntry[] = []
  let before: string | undefined
  for (;;) {
    const p = await index.ledger(account, { limit, ...(before === undefined ? {} : { before }) })
    entries.push(...p.entries)
    if (p.next === undefined) return entries
    before = p.next
  }
}

/**
 * Everything an index answers, each list read whole: batteries, swaps, swaps by day, stock, accounts, every
 * event, the history of each battery it lists and the ledger of each account it lists (and of `alsoLedgers`,
 * the escrow contract for one). Two indexes of the same chain must give equal snapshots.
 *
 * @example
 * assert.deepEqual(await snapshotIndex(recovered), await snapshotIndex(fresh))
 */
export async function snapshotIndex(index: IndexReader, o: { alsoLedgers?: Address[] } = {}) {
  const batteries = await allPages((cursor) => index.batteries({ limit: 500, cursor }))
  const accounts = await allPages((cursor) => index.accounts({ limit: 500, cursor }))
  const histories: Record<number, unknown[]> = {}
  for (const b of batteries) histories[b.id] = await allPages((cursor) => index.history(b.id, { limit: 500, cursor }))
  const ledgers: Record<string, LedgerEntry[]> = {}
  for (const a of [...accounts.map((x) => x.address), ...(o.alsoLedgers ?? [])]) ledgers[a] = await wholeLedger(index, a)
  return {
    batteries,
    swaps: await allPages((cursor) => index.swaps({ limit: 500, cursor })),
    swapsByDay: await index.swapsByDay(),
    stock: await index.stock(),
    accounts,
    events: await allPages((cursor) => index.eventsSince(0, { limit: 500, cursor })),
    histories,
    ledgers,
  }
}
