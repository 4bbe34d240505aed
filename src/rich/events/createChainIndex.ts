import { EventEmitter } from 'node:events'
import type { PublicClient } from 'viem'
import type { Deployment } from '../../sdk/deployment.js'
import { createIndexReader, type IndexReader } from '../store/createIndexReader.js'
import { createIndexWriter } from '../store/createIndexWriter.js'
import { openIndexDatabase, type IndexDatabase } from '../store/openIndexDatabase.js'
import { createChainFollower } from './createChainFollower.js'

export type { IndexedAccount } from '../store/createIndexReader.js'
export type { IndexedBattery } from '../store/queries/queryBatteries.js'
export type { IndexedSwap } from '../store/queries/querySwaps.js'
export type { IndexedEvent } from './IndexedEvent.js'

export type CreateChainIndexParameters = {
  publicClient: PublicClient
  deployment: Deployment
  /**
   * Where the index is kept: a folder for the embedded PGlite database, or a `postgres://` URL of a
   * PostgreSQL server. Survives restarts: the index goes on from its last block.
   */
  database: string
  /** The schema of this station's tables, so that stations can share one database. Default `evswap`. */
  schema?: string
  /** Blocks per `eth_getLogs` while catching up, at most. Default 2000. */
  chunkSize?: number
  /** How often to look for a new head. Default the client's polling interval. */
  pollIntervalMs?: number
  /**
   * How many of the newest blocks a chain reorganization may still replace (default 64): the index checks
   * each new block's parent against them and can undo them. Older blocks are taken as final.
   */
  reorgDepth?: number
  log?: (line: string) => void
}

export type ChainIndex = IndexReader & {
  /** Resolves once the index has caught up with the head it saw at start. */
  readonly ready: Promise<void>
  /** The last block indexed (-1 before the first). */
  head(): number
  /**
   * `chain` (IndexedEvent) for each event, `head` (block number) for each new head, and `removed`
   * (IndexedEvent) for each event of a block that a chain reorganization replaced, newest first. Each is
   * emitted once its block's transaction has committed, so a listener that reads the index sees it.
   */
  events: EventEmitter
  /** Blocks undone because a reorganization replaced them, since start. */
  reorgedBlocks(): number
  /** Which engine keeps the index. */
  engine: IndexDatabase['engine']
  /** Stops following and closes the database once the write in progress has committed. */
  close(): Promise<void>
}

/**
 * The station's index of the deployment in a database: accounts, E-coin balances and ledgers, batteries
 * and their histories, swaps, built from the contracts' logs and kept across restarts. It makes the
 * station's list routes cheap, feeds `GET /api/events`, and answers what dashboards ask; single-item routes
 * still read the contracts, which stay the authority.
 *
 * The database (`openIndexDatabase`), the writes of each block in one transaction (`createIndexWriter`),
 * the catch-up and follow loop (`createChainFollower`) and the questions (`createIndexReader`) are each in
 * their own file; this factory wires them.
 *
 * @example
 * const index = await createChainIndex({ publicClient, deployment, database: 'data/index' })
 * await index.ready
 * await index.batteries({ holder: stationUnit(1) })
 */
export async function createChainIndex(p: CreateChainIndexParameters): Promise<ChainIndex> {
  const { publicClient, deployment, chunkSize = 2000, reorgDepth = 64, log = () => {} } = p
  const database = await openIndexDatabase({ location: p.database, schema: p.schema ?? 'evswap' })
  const events = new EventEmitter()
  // Every SSE client listens here; the default limit of 10 would warn with the 11th browser tab.
  events.setMaxListeners(0)
  try {
    const writer = await createIndexWriter({ database, deployment, reorgDepth, reset: log })
    const follower = createChainFollower({
      publicClient,
      addresses: [deployment.batteryInterface, deployment.batteryProcess, deployment.balanceProcess, deployment.forwarder, deployment.stationDirectory],
      // The deployment may span a block or two before the recorded one (the constructor grants SUPER_ROLE);
      // earlier blocks hold no logs of these contracts, so starting a little early costs nothing.
      first: Math.max(0, deployment.block - 5),
      chunkSize,
      reorgDepth,
      pollIntervalMs: p.pollIntervalMs ?? publicClient.pollingInterval ?? 1000,
      writer,
      onApplied: (list) => list.forEach((e) => events.emit('chain', e)),
      onRemoved: (list) => list.forEach((e) => events.emit('removed', e)),
      onHead: (head) => events.emit('head', head),
      log,
    })
    follower.ready.catch(() => {})
    let closing: Promise<void> | undefined
    return {
      ...createIndexReader(database.db, deployment),
      ready: follower.ready,
      events,
      head: follower.head,
      reorgedBlocks: follower.undone,
      engine: database.engine,
      close() {
        closing ??= (async () => {
          await follower.close()
          events.removeAllListeners()
          await database.close()
        })()
        return closing
      },
    }
  } catch (e) {
    await database.close()
    throw e
  }
}
