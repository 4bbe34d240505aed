import { gethRpc } from './gethRpc.js'
import { ipcRpc } from './ipcRpc.js'
import { nodePaths } from './nodePaths.js'
import type { GethNode } from './types.js'

/**
 * Moves a node's head back `blocks` blocks (`debug_setHead`, served on IPC only). The node keeps its peers
 * and, now behind them, syncs their chain again; transactions of the dropped blocks go back to its pool.
 * Resolves with the head before and after (read back from the node).
 *
 * @example
 * await rewindHead(station, 3) // { from: 120n, to: 117n }
 */
export async function rewindHead(node: GethNode, blocks: number): Promise<{ from: bigint; to: bigint }> {
  const from = BigInt(await gethRpc<string>(node.httpUrl, 'eth_blockNumber'))
  const target = from > BigInt(blocks) ? from - BigInt(blocks) : 0n
  await ipcRpc<null>(nodePaths(node.datadir).ipc, 'debug_setHead', [`0x${target.toString(16)}`], 30_000)
  return { from, to: BigInt(await gethRpc<string>(node.httpUrl, 'eth_blockNumber')) }
}
