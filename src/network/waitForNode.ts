import { nodeRpc } from './nodeRpc.js'
import { nodePaths } from './nodePaths.js'
import { pollUntil } from './pollUntil.js'
import type { GethNode } from './types.js'

/** Options of {@link waitForNode}. */
export type WaitForNodeOptions = {
  /** Wait until the node has at least this many peers (default 0). */
  minPeers?: number
  /**
   * Default 60 s. geth redials a peer no sooner than 35 s after its last dial (p2p/dial.go,
   * `dialHistoryExpiration`), so a connection lost while starting comes back only then: seen as one
   * pair of 4 fresh nodes still unconnected after 30 s, about once in 30 start-ups.
   */
  timeoutMs?: number
  /** Aborts the wait, e.g. when the geth process exits. */
  signal?: AbortSignal
}

/**
 * Waits until a node answers JSON-RPC and has `minPeers` peers. geth offers no readiness event to another
 * process, so this polls its HTTP RPC every 100 ms, bounded by the timeout.
 *
 * @example
 * await waitForNode(station, { minPeers: 3 })
 */
export async function waitForNode(node: GethNode, options: WaitForNodeOptions = {}): Promise<{ peers: number; head: bigint }> {
  const { minPeers = 0, timeoutMs = 60_000, signal } = options
  const hint = `look at ${nodePaths(node.datadir).log}`
  const base = { timeoutMs, ...(signal ? { signal } : {}), hint }
  const deadline = Date.now() + timeoutMs
  await pollUntil(() => nodeRpc<string>(node, 'eth_blockNumber', [], 1000), { ...base, what: `${node.name} to answer on ${node.httpUrl}` })
  const peers = await pollUntil(
    async () => {
      const count = Number(await nodeRpc<string>(node, 'net_peerCount', [], 1000))
      return count >= minPeers ? count : undefined
    },
    { ...base, timeoutMs: Math.max(0, deadline - Date.now()), what: `${node.name} to have ${minPeers} peers` },
  )
  const head = BigInt(await nodeRpc<string>(node, 'eth_blockNumber'))
  return { peers, head }
}
