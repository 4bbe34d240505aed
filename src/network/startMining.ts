import { readFileSync } from 'node:fs'
import { gethRpc } from './gethRpc.js'
import { ipcRpc } from './ipcRpc.js'
import { nodePaths } from './nodePaths.js'
import type { GethNode } from './types.js'

/**
 * Makes running nodes seal with their etherbase, in two phases over IPC, so that no node seals a block
 * while another still drops blocks:
 *
 * 1. `miner_start` on every node with its key still locked. geth drops propagated blocks until its first
 *    sync or until its miner starts (eth/handler.go, "Syncing, discarded propagated block"); a new or
 *    restarted Clique network has nothing to sync, so this is what makes each node accept blocks. Its
 *    seal attempt fails harmlessly ("authentication needed").
 * 2. Once all nodes are past phase 1: unlock the key (`personal_unlockAccount`, IPC only), set the blocks'
 *    vanity to the node's name and restart the miner, which seals. The new vanity matters: geth skips a
 *    sealing task identical to the one that just failed (miner/worker.go, `sealHash == prev`), and in the
 *    same second the header would be identical.
 *
 * Without this, the first signer seals block 1 (at once: the parent is older than the period) while its
 * peers still drop it, they seal their own, and the network can split into equal-difficulty forks where
 * each fork's remaining signers sit on the other one: Clique then deadlocks.
 *
 * @example
 * await startMining([station])           // one (re)started station
 * await startMining(network.stations)    // a whole network, together
 */
export async function startMining(nodes: readonly GethNode[]): Promise<void> {
  const pending = await Promise.all(nodes.map(async (n) => ((await isSealing(n)) ? undefined : n)))
  const todo = pending.filter((n): n is GethNode => n !== undefined)
  await Promise.all(todo.map((n) => ipcRpc<null>(nodePaths(n.datadir).ipc, 'miner_start')))
  await Promise.all(
    todo.map(async (n) => {
      const paths = nodePaths(n.datadir)
      const password = readFileSync(paths.password, 'utf8')
      // Duration 0: unlocked until the process exits.
      await ipcRpc<boolean>(paths.ipc, 'personal_unlockAccount', [n.etherbase, password, 0])
      await ipcRpc<boolean>(paths.ipc, 'miner_setExtra', [`evswap ${n.name}`.slice(0, 32)])
      // geth retries a failed seal only on a new head or new transactions; a restart retries now.
      await ipcRpc<null>(paths.ipc, 'miner_stop')
      await ipcRpc<null>(paths.ipc, 'miner_start')
    }),
  )
}

/** Mining with an unlocked key: nothing to do (a node started by an earlier `up`). */
async function isSealing(node: GethNode): Promise<boolean> {
  if (!(await gethRpc<boolean>(node.httpUrl, 'eth_mining'))) return false
  try {
    await ipcRpc<string>(nodePaths(node.datadir).ipc, 'eth_sign', [node.etherbase, '0x00'])
    return true
  } catch {
    return false
  }
}
