import { ipcRpc } from './ipcRpc.js'
import { nodePaths } from './nodePaths.js'
import { restartMiner } from './restartMiner.js'
import type { GethNode } from './types.js'

/** Options of {@link refreshSealingWork}. */
export type RefreshSealingWorkOptions = {
  /** Seconds between blocks (the network's Clique period). */
  period: number
  /**
   * How long before a slot ends the block is rebuilt (default 400 ms): transactions that reached the node
   * before then go into that slot's block. Shorter lets later ones in; the rebuild must still land before
   * the seal, which on a loaded machine takes a few hundred milliseconds.
   */
  leadMs?: number
  /**
   * Leave the block as geth built it when the last block used more gas than this (default 6,000,000, about
   * 130 relayed operations). Rebuilding that much on a loaded machine can land after the seal: under `bench
   * load` (10-20 Mgas a block, both cores busy) an unbounded refresh tripled the short forks (~10 to ~29 per
   * node in a 60 s run) without any gain in throughput. A chain that busy waits in its queue, not its slot.
   */
  maxBlockGas?: number
  log?: (line: string) => void
}

/** What the refresher did: blocks rebuilt, and slots it left alone (with the last reason, and a count per reason). */
export type SealingRefreshStatus = { refreshed: number; skipped: number; lastSkip?: string; skips: Record<string, number> }

export type SealingRefresher = { status(): SealingRefreshStatus; stop(): void }

/** A rebuild later than this before the seal could land after it, and seal a second block at that height. */
const MIN_MARGIN_MS = 100

type Head = { number: `0x${string}`; timestamp: `0x${string}`; gasUsed: `0x${string}` }

/**
 * Lets a Clique block carry the transactions that arrived during its own slot. geth builds a block's
 * content when the previous block arrives and rebuilds it only after `--miner.recommit`, at least 1 s, by
 * which time a 1 s block is sealed. So a transaction waits for the rest of its slot and all of the next:
 * 1.5 periods on average before it is in a block. Shortly before each slot ends, the node that is in turn
 * to seal it has its miner stopped and started again over IPC: geth then rebuilds the block from the pool
 * as it is now and seals it at the same time as before. Measured on a 4-signer network, a transaction's
 * inclusion p50 fell from 1.47 s to 1.02 s with the default lead, 0.76 s with 250 ms (docs/network.md).
 *
 * Only the in-turn signer is rebuilt (an out-of-turn block loses to it anyway), only when its pool holds
 * pending transactions and the chain is not too busy (see `maxBlockGas`), only while it is sealing and on
 * schedule, and never closer to the seal than 100 ms.
 *
 * @example
 * const refresher = refreshSealingWork(station, { period: network.period })
 * refresher.stop()
 */
export function refreshSealingWork(node: GethNode, options: RefreshSealingWorkOptions): SealingRefresher {
  const periodMs = options.period * 1000
  const leadMs = options.leadMs ?? 400
  const maxBlockGas = options.maxBlockGas ?? 6_000_000
  const log = options.log ?? (() => {})
  const ipc = nodePaths(node.datadir).ipc
  const call = <T>(method: string, params: unknown[] = []) => ipcRpc<T>(ipc, method, params, 2000)
  const signer = node.etherbase.toLowerCase()
  let refreshed = 0
  let lastSkip: string | undefined
  const skips: Record<string, number> = {}
  const skip = (reason: string) => {
    lastSkip = reason
    const key = reason.replace(/\d+/g, 'N')
    skips[key] = (skips[key] ?? 0) + 1
  }
  let lastError = ''
  let stopped = false
  let timer: NodeJS.Timeout | undefined

  /** Why this slot is left alone, or undefined when the node rebuilt its block. */
  async function refresh(slotEndMs: number): Promise<string | undefined> {
    const [head, pool, mining] = await Promise.all([
      call<Head>('eth_getBlockByNumber', ['latest', false]),
      call<{ pending: `0x${string}` }>('txpool_status'),
      call<boolean>('eth_mining'),
    ])
    if (BigInt(pool.pending) === 0n) return 'no pending transactions'
    const gasUsed = Number(head.gasUsed)
    if (gasUsed > maxBlockGas) return `the last block used ${gasUsed} gas: too much to rebuild in time`
    // A miner stopped on purpose (or by a sync) stays stopped: the liveness watch looks after that.
    if (!mining) return 'not sealing'
    if ((Number(head.timestamp) + options.period) * 1000 !== slotEndMs) return 'the chain is off schedule'
    const signers = (await call<string[]>('clique_getSigners')).map((s) => s.toLowerCase()).sort()
    // Clique's in-turn rule: block n belongs to the signer at n mod N in address order.
    const next = BigInt(head.number) + 1n
    if (signers[Number(next % BigInt(signers.length))] !== signer) return 'not in turn'
    if (Date.now() > slotEndMs - MIN_MARGIN_MS) return 'too late in the slot'
    await restartMiner(node, { stopTimeoutMs: slotEndMs - Date.now() })
    refreshed += 1
    return undefined
  }

  function schedule(): void {
    if (stopped) return
    const now = Date.now()
    let slotEndMs = (Math.floor(now / periodMs) + 1) * periodMs
    if (slotEndMs - leadMs <= now) slotEndMs += periodMs
    timer = setTimeout(() => {
      refresh(slotEndMs)
        .then((reason) => {
          lastError = ''
          if (reason !== undefined) skip(reason)
        })
        .catch((e: unknown) => {
          const message = e instanceof Error ? e.message : String(e)
          skip(message)
          if (message !== lastError) log(`sealing refresh: ${node.name}: ${message}`)
          lastError = message
        })
        .finally(schedule)
    }, slotEndMs - leadMs - now)
    timer.unref()
  }
  schedule()

  return {
    status: () => ({ refreshed, skipped: Object.values(skips).reduce((a, b) => a + b, 0), ...(lastSkip ? { lastSkip } : {}), skips: { ...skips } }),
    stop() {
      stopped = true
      clearTimeout(timer)
    },
  }
}
