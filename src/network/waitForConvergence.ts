import type { Hex } from 'viem'
import { nodeRpc } from './nodeRpc.js'
import { pollUntil } from './pollUntil.js'
import type { GethNode } from './types.js'

/** Options of {@link waitForConvergence}. */
export type WaitForConvergenceOptions = {
  /** The agreed block must be at least this high (default 1: past genesis). */
  atLeast?: bigint
  /** Default 30 s: geth syncs a node that fell off the tip only every 10 s when it has fewer than 5 peers. */
  timeoutMs?: number
}

/**
 * Waits until all `nodes` have the same block at one height (one below the lowest head, since the tip may be
 * contested for a moment) that is at least `atLeast`. Use after start, restart or a partition heals, before
 * relying on any node's view of the chain. Polls RPC every 200 ms (geth offers no cross-node event).
 *
 * @example
 * const { number, hash } = await waitForConvergence(network.stations, { atLeast: 5n })
 */
export async function waitForConvergence(
  nodes: readonly GethNode[],
  options: WaitForConvergenceOptions = {},
): Promise<{ number: bigint; hash: Hex }> {
  const { atLeast = 1n, timeoutMs = 30_000 } = options
  return pollUntil(
    async () => {
      const heads = await Promise.all(nodes.map(async (n) => BigInt(await nodeRpc<Hex>(n, 'eth_blockNumber'))))
      const number = heads.reduce((a, b) => (a < b ? a : b)) - 1n
      if (number < atLeast) return undefined
      const blocks = await Promise.all(
        nodes.map((n) => nodeRpc<{ hash: Hex } | null>(n, 'eth_getBlockByNumber', [`0x${number.toString(16)}`, false])),
      )
      const hashes = new Set(blocks.map((b) => b?.hash))
      return hashes.size === 1 && blocks[0] ? { number, hash: blocks[0].hash } : undefined
    },
    {
      what: `${nodes.map((n) => n.name).join(', ')} to agree on a block >= ${atLeast}`,
      timeoutMs,
      intervalMs: 200,
      hint: '`evswap network status` shows which node lags; its geth.log says why',
    },
  )
}
