import { BlockNotFoundError, type Address, type Log, type PublicClient } from 'viem'
import type { RecentBlocks } from './createRecentBlocks.js'
import type { IndexedEvent } from '../../../src/rich/events/IndexedEvent.js'

export type CreateChainFollowerParameters = {
  publicClient: PublicClient
  /** The contracts whose logs are indexed. */
  addresses: Address[]
  /** The block indexing starts from, and starts again from after a reorganization deeper than `reorgDepth`. */
  first: bigint
  /** Blocks per `eth_getLogs` while catching up. */
  chunkSize: number
  /** Blocks deeper than this under the head are final. */
  reorgDepth: number
  /** How often to look for a new head. */
  pollIntervalMs: number
  /** The newest blocks, undoable. */
  recent: RecentBlocks
  /** Where the logs go; `clear` forgets it all for indexing again. */
  state: { applyLogs(logs: Log[], blockTime?: bigint): IndexedEvent[]; clear(): void }
  /** Told of each new indexed head. */
  onHead(head: number): void
  log(line: string): void
}

export type ChainFollower = {
  /** Resolves once the follower has caught up with the head it saw at start. */
  readonly ready: Promise<void>
  /** The last block indexed (-1 before the first). */
  head(): number
  close(): void
}

/**
 * The chain index's catch-up and follow loop: final blocks are read in chunks of `chunkSize` from the
 * deployment, then the newest one by one, each checked against its parent. A reorganization shows as a
 * parent that is not the block indexed at that height: the indexed block is undone, and its parent checked
 * next. Followed by polling: a station's node is reached over HTTP JSON-RPC, which has no subscriptions.
 *
 * @example
 * const follower = createChainFollower({ publicClient, addresses, first, chunkSize: 2000, reorgDepth: 64, pollIntervalMs: 1000, recent, state, onHead, log })
 * await follower.ready
 */
export function createChainFollower(p: CreateChainFollowerParameters): ChainFollower {
  const { publicClient, addresses, first, recent, state, log } = p
  let next = first
  let indexedHead = -1
  let closed = false
  let timer: NodeJS.Timeout | undefined

  async function sync(): Promise<void> {
    const head = await publicClient.getBlockNumber({ cacheTime: 0 })
    // Blocks deeper than `reorgDepth` under the head are final: fetched in chunks (catching up at start).
    const final = head - BigInt(p.reorgDepth)
    while (next <= final && !closed) {
      const to = next + BigInt(p.chunkSize) - 1n < final ? next + BigInt(p.chunkSize) - 1n : final
      state.applyLogs(await publicClient.getLogs({ address: addresses, fromBlock: next, toBlock: to }))
      recent.forget()
      next = to + 1n
    }
    let undone = 0
    let forkAt = next
    while (next <= head && !closed) {
      // Gone when a reorganization made the chain shorter than it was a moment ago: the next poll goes on.
      const block = await publicClient.getBlock({ blockNumber: next }).catch((e: unknown) => {
        if (e instanceof BlockNotFoundError) return undefined
        throw e
      })
      if (block === undefined) break
      const parent = recent.newest()
      // The recent blocks always end at next - 1: they are recorded in order, and an undo steps `next` back with them.
      if (parent !== undefined && parent.hash !== block.parentHash) {
        next = recent.undoNewest()
        undone += 1
        forkAt = next
        if (recent.newest() === undefined) {
          log(`index: a chain reorganization replaced more than the last ${p.reorgDepth} blocks; indexing again from block ${first}`)
          state.clear()
          recent.forget()
          next = first
          return sync()
        }
        continue
      }
      if (undone > 0) {
        log(`index: a chain reorganization replaced ${undone} block(s) from ${forkAt}; their events were undone, the new blocks are indexed`)
        undone = 0
      }
      // By the block's hash, so the logs are that block's even if another replaces it meanwhile.
      const logs = await publicClient.getLogs({ address: addresses, blockHash: block.hash! })
      recent.record(next, block.hash!, () => state.applyLogs(logs, block.timestamp))
      next += 1n
    }
    if (Number(next - 1n) > indexedHead) {
      indexedHead = Number(next - 1n)
      p.onHead(indexedHead)
    }
  }

  const ready = sync()
  const loop = () => {
    if (closed) return
    timer = setTimeout(() => {
      sync()
        .catch((e) => log(`index: cannot follow the chain: ${e instanceof Error ? e.message : String(e)}`))
        .finally(loop)
    }, p.pollIntervalMs)
  }
  ready.then(loop, () => {})

  return {
    ready,
    head: () => indexedHead,
    close() {
      closed = true
      clearTimeout(timer)
    },
  }
}
