import { sql, type Transaction } from 'kysely'
import type { Hash, Log } from 'viem'
import type { Deployment } from '../../sdk/deployment.js'
import { decodeEvswapLog } from '../events/decodeEvswapLog.js'
import { applyEvents, wantedKeys, type TimedEvent } from './applyEvents.js'
import { applyUndo, createWorkingSet, type Undo } from './createWorkingSet.js'
import type { IndexDatabase } from './openIndexDatabase.js'
import { eventFromRow } from './eventFromRow.js'
import type { IndexTables } from './IndexTables.js'
import type { IndexedEvent } from '../events/IndexedEvent.js'

/** A block the index has applied: its number and hash. */
export type IndexedBlock = { number: number; hash: Hash }

export type IndexWriter = {
  /** The last block indexed (without a hash when an undo stepped back to a final block), or undefined for an empty index. */
  cursor(): Promise<{ number: number; hash?: Hash } | undefined>
  /** The newest block that can still be undone, or undefined when none can (after a catch-up, or empty). */
  newest(): Promise<IndexedBlock | undefined>
  /**
   * Applies the logs of final blocks up to `to` (inclusive, all of them) in one transaction, and moves the
   * cursor to `to`. Answers the events, in chain order.
   */
  applyFinal(logs: Log[], to: IndexedBlock, timeOf: (block: number) => number | undefined): Promise<IndexedEvent[]>
  /** Applies one block in one transaction, keeping its undo; forgets the undo of blocks deeper than `reorgDepth`. */
  applyBlock(block: IndexedBlock & { time: number }, logs: Log[]): Promise<IndexedEvent[]>
  /** Undoes the newest undoable block in one transaction; answers its number and its events, newest first. */
  undoNewest(): Promise<{ number: number; removed: IndexedEvent[] }>
  /** Forgets everything: for indexing again from the deployment. */
  clear(): Promise<void>
  /** Updates the planner's statistics of the index's tables (after a bulk load). */
  analyze(): Promise<void>
}

const CURSOR = 'cursor'
const DEPLOYMENT = 'deployment'

/**
 * The index's writes, each one transaction, so that a station killed at any moment leaves whole blocks: the
 * rows a batch of blocks touches are loaded, changed by `applyEvents`, and written back with the cursor.
 * An undoable block also stores what undoes it, as the in-memory journal did.
 *
 * At open, an index built for another deployment (another chain, or the same addresses redeployed) is
 * emptied, and `reset` says why.
 *
 * @example
 * const writer = await createIndexWriter({ database, deployment, chainId, reorgDepth: 64, reset: log })
 * await writer.applyBlock({ number: 42, hash, time }, logs)
 */
export async function createIndexWriter(p: { database: IndexDatabase; deployment: Deployment; reorgDepth: number; reset(reason: string): void }): Promise<IndexWriter> {
  const { db } = p.database
  const identity = JSON.stringify({ chainId: p.deployment.chainId, batteryInterface: p.deployment.batteryInterface, forwarder: p.deployment.forwarder, block: p.deployment.block })

  const clear = async () => {
    await db.transaction().execute(async (trx) => {
      for (const t of ['meta', 'blocks', 'events', 'battery_events', 'accounts', 'balances', 'supers', 'batteries', 'swaps', 'ledger'] as const) await trx.deleteFrom(t).execute()
      await trx.insertInto('meta').values({ key: DEPLOYMENT, value: identity }).execute()
      // The constructor grants the deployer SUPER_ROLE in a block the index may start after.
      await trx.insertInto('supers').values({ address: p.deployment.superAccount }).execute()
    })
  }
  const stored = await db.selectFrom('meta').select('value').where('key', '=', DEPLOYMENT).executeTakeFirst()
  if (stored?.value !== identity) {
    if (stored) p.reset('the index was built for another deployment; indexing this one from its first block')
    await clear()
  }

  const setCursor = (trx: Transaction<IndexTables>, b: { number: number; hash?: Hash } | undefined) =>
    b === undefined
      ? trx.deleteFrom('meta').where('key', '=', CURSOR).execute()
      : trx
          .insertInto('meta')
          .values({ key: CURSOR, value: JSON.stringify(b) })
          .onConflict((oc) => oc.column('key').doUpdateSet({ value: JSON.stringify(b) }))
          .execute()

  async function apply(logs: Log[], timeOf: (block: number) => number | undefined, after: (trx: Transaction<IndexTables>, undo: Undo) => Promise<unknown>): Promise<IndexedEvent[]> {
    logs.sort((x, y) => Number(x.blockNumber! - y.blockNumber!) || x.logIndex! - y.logIndex!)
    const events: TimedEvent[] = logs.map((l) => {
      const blockNumber = Number(l.blockNumber)
      return {
        ...decodeEvswapLog(l),
        blockNumber,
        txHash: l.transactionHash!,
        logIndex: l.logIndex!,
        address: l.address,
        time: Number(l.blockTimestamp ?? timeOf(blockNumber) ?? 0),
        topics: l.topics,
        data: l.data,
      }
    })
    const ws = createWorkingSet()
    await ws.load(db, wantedKeys(events))
    applyEvents(ws, events, p.deployment)
    await db.transaction().execute(async (trx) => after(trx, await ws.flush(trx)))
    return events.map(({ time: _time, topics: _topics, data: _data, ...e }) => e)
  }

  return {
    clear,
    async analyze() {
      for (const t of ['events', 'battery_events', 'accounts', 'balances', 'batteries', 'swaps', 'ledger']) await sql`analyze ${sql.table(`${p.database.schema}.${t}`)}`.execute(db)
    },
    async cursor() {
      const row = await db.selectFrom('meta').select('value').where('key', '=', CURSOR).executeTakeFirst()
      return row ? (JSON.parse(row.value) as { number: number; hash?: Hash }) : undefined
    },
    async newest() {
      const row = await db.selectFrom('blocks').select(['number', 'hash']).orderBy('number', 'desc').limit(1).executeTakeFirst()
      return row ? { number: Number(row.number), hash: row.hash as Hash } : undefined
    },
    applyFinal(logs, to, timeOf) {
      return apply(logs, timeOf, async (trx) => {
        // Blocks before these are final too: nothing undoes them any more.
        await trx.deleteFrom('blocks').execute()
        await setCursor(trx, to)
      })
    },
    applyBlock(block, logs) {
      return apply(logs, () => block.time, async (trx, undo) => {
        await trx.insertInto('blocks').values({ number: block.number, hash: block.hash, undo: JSON.stringify(undo) }).execute()
        await trx.deleteFrom('blocks').where('number', '<=', block.number - p.reorgDepth).execute()
        await setCursor(trx, { number: block.number, hash: block.hash })
      })
    },
    async undoNewest() {
      return db.transaction().execute(async (trx) => {
        const b = await trx.selectFrom('blocks').selectAll().orderBy('number', 'desc').limit(1).executeTakeFirstOrThrow()
        const number = Number(b.number)
        const removed = await trx.selectFrom('events').selectAll().where('block', '=', number).orderBy('log_index', 'desc').execute()
        await applyUndo(trx, JSON.parse(b.undo) as Undo)
        for (const t of ['events', 'battery_events', 'ledger'] as const) await trx.deleteFrom(t).where('block', '=', number).execute()
        await trx.deleteFrom('blocks').where('number', '=', number).execute()
        const parent = await trx.selectFrom('blocks').select(['number', 'hash']).where('number', '=', number - 1).executeTakeFirst()
        await setCursor(trx, parent ? { number: number - 1, hash: parent.hash as Hash } : { number: number - 1 })
        return { number, removed: removed.map(eventFromRow) }
      })
    },
  }
}
