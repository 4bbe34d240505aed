import { gethRpc } from './gethRpc.js'
import { ipcRpc } from './ipcRpc.js'
import { nodePaths } from './nodePaths.js'
import type { GethNode } from './types.js'

/**
 * One JSON-RPC call to a node: over its HTTP endpoint, or over its IPC socket when it runs in a network
 * namespace of its own (its 127.0.0.1 is then not this process's; a unix socket is a file, reachable from
 * any namespace).
 *
 * @example
 * const head = BigInt(await nodeRpc<string>(station, 'eth_blockNumber'))
 */
export function nodeRpc<T>(node: Pick<GethNode, 'httpUrl' | 'datadir' | 'netns'>, method: string, params: unknown[] = [], timeoutMs = 2000): Promise<T> {
  return node.netns ? ipcRpc<T>(nodePaths(node.datadir).ipc, method, params, timeoutMs) : gethRpc<T>(node.httpUrl, method, params, timeoutMs)
}
