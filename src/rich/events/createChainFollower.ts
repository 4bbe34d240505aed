import { BlockNotFoundError, type Address, type Log, type PublicClient } from 'viem'
import type { IndexWriter } from '../store/createIndexWriter.js'
import type { IndexedEvent } from './IndexedEvent.js'

export type CreateChainFollowerParameters = {
  publicClient: PublicClient
  /** The contracts whose logs are indexed. */
  addresses: Address[]
  /** The block indexing starts from on an empty index, and after a reorganization deeper than `reorgDepth`. */
  first: number
  /** Blocks per `eth_getLogs` while catching up, at most; it starts at 64 and grows while blocks are sparse (`maxLogs`). */
  chunkSize: number
  /** A catch-up batch holds about this many logs at most, so memory stays bounded by it. Default 20 000. */
  maxLogs?: number
  /** Blocks deeper than this under the head are final. */
  reorgDepth: number
  /** How often to look for a new head. */
  pollIntervalMs: number
  writer: IndexWriter
  /** Told after each write commits: its events, in chain order. */
  onApplied(events: IndexedEvent[]): void
  /** Told after an undo commits: the undone block's events, newest first. */
  onRemoved(events: IndexedEvent[]): void
  /** Told of each new indexed head. */
  onHead(head: number): void
  log(line: string): void
}

export type ChainFollower = {
  /** Resolves once the follower has caught up with the head it saw at start. */
  readonly ready: Promise<void>
  /** The last block indexed (-1 before the first). */
  head(): number
  /** Blocks undone because a reorganization replaced them, since start. */
  undone(): number
  /** Stops following, and resolves when the write in progress (if any) has committed. */
  close(): Promise<void>
}

/**
 * The chain index's catch-up and follow loop, writing to the index database. At start it resumes after the
 * last indexed block, once it has checked that block is still on the chain (a node reset or a fork while
 * the station was down is undone first). Final blocks are read in chunks, the newest one by one, each
 * checked against its parent: a parent that is not the block indexed at that height is a reorganization,
 * and the indexed block is undone. Followed by polling: a station's node is reached over HTTP JSON-RPC,
 * which has no subscriptions.
 *
 * @example
 * const follower = createChainFollower({ publicClient, addresses, first: 0, chunkSize: 2000, reorgDepth: 64, pollIntervalMs: 1000, writer, onApplied, onRemoved, onHead, log })
 * await follower.ready
 */
export function createChainFollower(p: CreateChainFollowerParameters): ChainFollower {
  const { publicClient, addresses, writer, log } = p
  const maxLogs = p.maxLogs ?? 20_000
  let next = -1
  // Small at first: a chunk grows while answers stay small, rather than a busy chain's first answer being huge.
  let chunk = Math.min(p.chunkSize, 64)
  let indexedHead = -1
  let undone = 0
  let closed = false
  let timer: NodeJS.Timeout | undefined
  let running: Promise<void> = Promise.resolve()

  const getBlock = (number: number) =>
    publicClient.getBlock({ blockNumber: BigInt(number) }).catch((e: unknown) => {
      // Gone when a reorganization made the chain shorter than it was a moment ago, or after a node reset.
      if (e instanceof BlockNotFoundError) return undefined
      throw e
    })

  async function undoNewest(): Promise<number> {
    const { number, removed } = await writer.undoNewest()
    undone += 1
    p.onRemoved(removed)
    return number
  }

  async function startAgain(why: string): Promise<void> {
    log(`index: ${why}; indexing again from block ${p.first}`)
    await writer.clear()
    next = p.first
  }

  /** Where to go on from: after the last indexed block, once it is known to be on the chain. */
  async function resume(): Promise<void> {
    for (;;) {
      const cursor = await writer.cursor()
      if (!cursor) return void (next = p.first)
      const onChain = await getBlock(cursor.number)
      if (onChain?.hash === cursor.hash) return void (next = cursor.number + 1)
      if (!(await writer.newest())) return startAgain(`block ${cursor.number}, the last indexed, is no longer on the chain`)
      await undoNewest()
    }
  }

  async function sync(): Promise<void> {
    if (next < 0) await resume()
    const head = Number(await publicClient.getBlockNumber({ cacheTime: 0 }))
    // Blocks deeper than `reorgDepth` under the head are final: fetched in chunks (catching up).
    const final = head - p.reorgDepth
    let caughtUp = false
    while (next <= final && !closed) {
      const to = Math.min(next + chunk - 1, final)
      // An answer too big for the client (viem refuses over 10 MB) or the node (geth's result caps) is asked
      // again in halves; one block that still fails is an error.
      const logs = await publicClient.getLogs({ address: addresses, fromBlock: BigInt(next), toBlock: BigInt(to) }).catch((e: unknown) => {
        if (to === next) throw e
        return undefined
      })
      // A chunk far fuller than a batch should be is read again in halves, so memory stays bounded.
      if (logs === undefined || (logs.length > 2 * maxLogs && to > next)) {
        chunk = Math.max(1, Math.floor((to - next + 1) / 2))
        continue
      }
      caughtUp = true
      const last = await getBlock(to)
      if (!last) break
      const applied = await writer.applyFinal(logs, { number: to, hash: last.hash! }, await timesOf(logs))
      p.onApplied(applied)
      next = to + 1
      chunk = logs.length > maxLogs ? Math.max(1, Math.floor(chunk / 2)) : logs.length < maxLogs / 4 ? Math.min(p.chunkSize, chunk * 2) : chunk
    }
    // Planner statistics after a bulk load: PGlite has no autovacuum to gather them, and a planner that
    // guesses picks slow plans (bench index: 3.8 ms against 0.3 ms for a station's swaps at a million events).
    if (caughtUp && !closed) await writer.analyze()
    let forkAt = -1
    let undoneHere = 0
    while (next <= head && !closed) {
      const block = await getBlock(next)
      if (block === undefined) break
      const parent = await writer.newest()
      if (parent !== undefined && parent.hash !== block.parentHash) {
        next = await undoNewest()
        undoneHere += 1
        forkAt = next
        if ((await writer.newest()) === undefined) return startAgain(`a chain reorganization replaced more than the last ${p.reorgDepth} blocks`).then(sync)
        continue
      }
      if (undoneHere > 0) {
        log(`index: a chain reorganization replaced ${undoneHere} block(s) from ${forkAt}; their events were undone, the new blocks are indexed`)
        undoneHere = 0
      }
      // By the block's hash, so the logs are that block's even if another replaces it meanwhile.
      const logs = await publicClient.getLogs({ address: addresses, blockHash: block.hash! })
      p.onApplied(await writer.applyBlock({ number: next, hash: block.hash!, time: Number(block.timestamp) }, logs))
      next += 1
    }
    if (next - 1 > indexedHead) {
      indexedHead = next - 1
      p.onHead(indexedHead)
    }
  }

  /** The block time of each block with logs, for nodes whose logs do not carry it (geth's do not). */
  async function timesOf(logs: Log[]): Promise<(block: number) => number | undefined> {
    const missing = [...new Set(logs.filter((l) => l.blockTimestamp === undefined || l.blockTimestamp === null).map((l) => Number(l.blockNumber)))]
    const times = new Map<number, number>()
    for (let i = 0; i < missing.length; i += 100) {
      const blocks = await Promise.all(missing.slice(i, i + 100).map(getBlock))
      for (const b of blocks) if (b) times.set(Number(b.number), Number(b.timestamp))
    }
    return (n) => times.get(n)
  }

  const ready = (running = sync())
  const loop = () => {
    if (closed) return
    timer = setTimeout(() => {
      running = sync()
        .catch((e) => log(`index: cannot follow the chain: ${e instanceof Error ? e.message : String(e)}`))
        .finally(loop)
    }, p.pollIntervalMs)
  }
  ready.then(loop, () => {})

  return {
    ready,
    head: () => indexedHead,
    undone: () => undone,
    async close() {
      closed = true
      clearTimeout(timer)
      await running.catch(() => {})
    },
  }
}
