import type { Hex } from 'viem'
import type { HttpClient } from './createHttpClient.js'

/** A receipt as eth_getBlockReceipts returns it (the fields the benchmark reads). */
export type RpcReceipt = { transactionHash: Hex; status: Hex; gasUsed: Hex; blockNumber: Hex; logs: { topics: Hex[]; data: Hex }[] }

/** One sealed block as the watcher saw it. */
export type BlockStat = { number: number; timestamp: number; gasUsed: number; txCount: number; seenAtMs: number }

export type BlockWatcher = {
  /** Resolves with the transaction's receipt once a block holds it, or undefined after `timeoutMs`. */
  waitFor(hash: Hex, timeoutMs: number): Promise<RpcReceipt | undefined>
  cancel(hash: Hex): void
  readonly blocks: BlockStat[]
  stop(): void
}

/**
 * Follows one node's head (eth_blockNumber every `intervalMs`) and reads each new block's receipts with one
 * eth_getBlockReceipts call, so thousands of devices waiting for their transactions cost one request per
 * block instead of one poll each. With `recordBlocks`, also keeps every block's gas and size.
 *
 * @example
 * const w = createBlockWatcher({ http, url: station.httpUrl, recordBlocks: true, clock })
 * const receipt = await w.waitFor(hash, 60_000)
 */
export function createBlockWatcher(o: { http: HttpClient; url: string; intervalMs?: number; recordBlocks?: boolean; clock: () => number }): BlockWatcher {
  const waiters = new Map<string, { resolve: (r: RpcReceipt | undefined) => void; timer: NodeJS.Timeout; since: number }>()
  const blocks: BlockStat[] = []
  let last = -1
  let stopped = false
  const rpc = async <T>(method: string, params: unknown[]) => {
    const r = await o.http.json<{ result: T; error?: { message: string } }>('POST', o.url, { jsonrpc: '2.0', id: 1, method, params })
    if (r.body?.error) throw new Error(`${method}: ${r.body.error.message}`)
    return r.body.result
  }
  const loop = async () => {
    while (!stopped) {
      try {
        const head = Number(await rpc<Hex>('eth_blockNumber', []))
        if (last < 0) last = head
        for (let n = last + 1; n <= head && !stopped; n++) {
          const tag = `0x${n.toString(16)}`
          const seenAtMs = o.clock()
          if (o.recordBlocks && blocks.at(-1)?.number !== n) {
            const b = await rpc<{ timestamp: Hex; gasUsed: Hex; transactions: Hex[] }>('eth_getBlockByNumber', [tag, false])
            blocks.push({ number: n, timestamp: Number(b.timestamp), gasUsed: Number(b.gasUsed), txCount: b.transactions.length, seenAtMs })
          }
          if (waiters.size > 0) {
            for (const r of await rpc<RpcReceipt[]>('eth_getBlockReceipts', [tag])) {
              const w = waiters.get(r.transactionHash)
              if (w) {
                clearTimeout(w.timer)
                waiters.delete(r.transactionHash)
                w.resolve(r)
              }
            }
          }
          last = n
        }
      } catch {
        // the node is busy or restarting: try again next tick
      }
      await new Promise((r) => setTimeout(r, o.intervalMs ?? 100))
    }
  }
  // Clique forks briefly under load: a block read before a reorg may not be the one that ends up holding a
  // transaction. Transactions still waiting after 3 s are looked up one by one, once a second.
  const sweep = async () => {
    while (!stopped) {
      await new Promise((r) => setTimeout(r, 1000))
      const old = [...waiters.entries()].filter(([, w]) => performance.now() - w.since > 3000).map(([h]) => h)
      for (let i = 0; i < old.length && !stopped; i += 100) {
        const part = old.slice(i, i + 100)
        try {
          const r = await o.http.json<{ id: number; result: RpcReceipt | null }[]>(
            'POST',
            o.url,
            part.map((h, j) => ({ jsonrpc: '2.0', id: j, method: 'eth_getTransactionReceipt', params: [h] })),
          )
          if (!Array.isArray(r.body)) continue
          for (const x of r.body) {
            const hash = part[x.id]
            const w = hash ? waiters.get(hash) : undefined
            if (w && x.result) {
              clearTimeout(w.timer)
              waiters.delete(hash!)
              w.resolve(x.result)
            }
          }
        } catch {
          // try again next second
        }
      }
    }
  }
  void loop()
  void sweep()
  return {
    waitFor(hash, timeoutMs) {
      return new Promise((resolve) => {
        const timer = setTimeout(() => {
          waiters.delete(hash)
          resolve(undefined)
        }, timeoutMs)
        waiters.set(hash, { resolve, timer, since: performance.now() })
      })
    },
    cancel(hash) {
      const w = waiters.get(hash)
      if (w) {
        clearTimeout(w.timer)
        waiters.delete(hash)
        w.resolve(undefined)
      }
    },
    blocks,
    stop() {
      stopped = true
      for (const [, w] of waiters) {
        clearTimeout(w.timer)
        w.resolve(undefined)
      }
      waiters.clear()
    },
  }
}
