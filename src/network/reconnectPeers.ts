import { ipcRpc } from './ipcRpc.js'
import { nodePaths } from './nodePaths.js'
import type { GethNode } from './types.js'

/**
 * Drops and re-adds a node's connections to `peers` (`admin_removePeer` / `admin_addPeer`, IPC only).
 *
 * Why: geth 1.13 decides to sync only on a peer event (a peer connecting, or announcing a heavier block)
 * once its one-shot 10 s sync timer has fired (eth/sync.go, `chainSyncer.loop`). A node rewound during a
 * Clique deadlock hears of no new block, so without a fresh connection it never syncs its peers' chain.
 * Each peer keeps this node as a static peer too and dials it straight back. Peers are named by enode, so
 * stations on other machines (the network's members) can be given too.
 *
 * @example
 * await reconnectPeers(station, network.stations.filter((s) => s !== station))
 */
export async function reconnectPeers(node: GethNode, peers: readonly Pick<GethNode, 'enode'>[]): Promise<void> {
  const ipc = nodePaths(node.datadir).ipc
  for (const p of peers) {
    if (p.enode === node.enode) continue
    await ipcRpc<boolean>(ipc, 'admin_removePeer', [p.enode])
    await ipcRpc<boolean>(ipc, 'admin_addPeer', [p.enode])
  }
}
