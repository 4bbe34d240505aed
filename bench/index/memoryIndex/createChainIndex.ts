// The station's index as it was before it moved into a database (src/rich/store): kept only as the
// in-memory baseline of `evswap bench index`, which reports the database engines' figures against it.
import { EventEmitter } from 'node:events'
import type { PublicClient } from 'viem'
import type { Deployment } from '../../../src/sdk/deployment.js'
import { createChainFollower } from './createChainFollower.js'
import { createIndexState, type IndexReader } from './createIndexState.js'
import { createJournal } from './createJournal.js'
import { createRecentBlocks } from './createRecentBlocks.js'

export type { IndexedAccount, IndexedBattery, IndexedSwap } from './createIndexState.js'
export type { IndexedEvent } from '../../../src/rich/events/IndexedEvent.js'

export type CreateChainIndexParameters = {
  publicClient: PublicClient
  deployment: Deployment
  /** Blocks per `eth_getLogs` while catching up. Default 2000. */
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
   * (IndexedEvent) for each event of a block that a chain reorganization replaced, newest first: the index
   * has already undone it, and emits `chain` again for whatever the replacing blocks hold.
   */
  events: EventEmitter
  /** Blocks undone because a reorganization replaced them, since start. */
  reorgedBlocks(): number
  close(): void
}

/**
 * An event-sourced index of the deployment: accounts, E-coin balances, batteries per holder, swaps and
 * each battery's history, built from the contracts' logs (scanned in chunks from the deployment block,
 * then followed block by block). It makes the station's list routes cheap and feeds `GET /api/events`;
 * single-item routes still read the contracts, which stay the authority.
 *
 * Three parts, each in its own file with the state it owns: what the index knows and how each event changes
 * it (`createIndexState`), the newest blocks and the undo of each, for a reorganization
 * (`createRecentBlocks`), and the catch-up and follow loop (`createChainFollower`). This factory wires them.
 *
 * @example
 * const index = createChainIndex({ publicClient, deployment })
 * await index.ready
 * index.batteryIds(stationUnit(1))
 */
export function createChainIndex(p: CreateChainIndexParameters): ChainIndex {
  const { publicClient, deployment, chunkSize = 2000, reorgDepth = 64, log = () => {} } = p
  const events = new EventEmitter()
  // Every SSE client listens here; the default limit of 10 would warn with the 11th browser tab.
  events.setMaxListeners(0)
  const journal = createJournal()
  const state = createIndexState({ deployment, journal, onApplied: (e) => events.emit('chain', e) })
  const recent = createRecentBlocks({ reorgDepth, journal, onRemoved: (e) => events.emit('removed', e) })
  const follower = createChainFollower({
    publicClient,
    addresses: [deployment.batteryInterface, deployment.batteryProcess, deployment.balanceProcess, deployment.forwarder],
    // The deployment may span a block or two before the recorded one (the constructor grants SUPER_ROLE);
    // earlier blocks hold no logs of these contracts, so starting a little early costs nothing.
    first: BigInt(Math.max(0, deployment.block - 5)),
    chunkSize,
    reorgDepth,
    pollIntervalMs: p.pollIntervalMs ?? publicClient.pollingInterval ?? 1000,
    recent,
    state,
    onHead: (head) => events.emit('head', head),
    log,
  })

  return {
    ...state.read,
    ready: follower.ready,
    events,
    head: follower.head,
    reorgedBlocks: recent.undone,
    close() {
      follower.close()
      events.removeAllListeners()
    },
  }
}
