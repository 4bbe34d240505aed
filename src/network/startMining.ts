import { readFileSync } from 'node:fs'
import { nodeRpc } from './nodeRpc.js'
import { ipcRpc } from './ipcRpc.js'
import { nodePaths } from './nodePaths.js'
import { pollUntil } from './pollUntil.js'
import { restartMiner } from './restartMiner.js'
import type { GethNode } from './types.js'

/** Options of {@link startMining}. */
export type StartMiningOptions = {
  /** The network's other nodes: a node seals only once it has caught up with the highest of their heads. */
  peers?: readonly GethNode[]
  /** Longest wait for that catch-up (default 15 s); after it the node seals anyway. */
  catchUpTimeoutMs?: number
}

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
 *    same second the header would be identical. Before that, a node behind its `peers` (one that comes back
 *    after they sealed on) waits until it has synced their head.
 *
 * Without this, the first signer seals block 1 (at once: the parent is older than the period) while its
 * peers still drop it, they seal their own, and the network can split into equal-difficulty forks where
 * each fork's remaining signers sit on the other one: Clique then deadlocks.
 *
 * @example
 * await startMining([station], { peers: network.stations }) // one (re)started station
 * await startMining(network.stations)                        // a whole network, together
 */
export async function startMining(nodes: readonly GethNode[], options: StartMiningOptions = {}): Promise<void> {
  const pending = await Promise.all(nodes.map(async (n) => ((await isSealing(n)) ? undefined : n)))
  const todo = pending.filter((n): n is GethNode => n !== undefined)
  await Promise.all(todo.map((n) => ipcRpc<null>(nodePaths(n.datadir).ipc, 'miner_start')))
  await Promise.all(
    todo.map(async (n) => {
      await catchUp(n, options.peers ?? [], options.catchUpTimeoutMs ?? 15_000)
      const paths = nodePaths(n.datadir)
      const password = readFileSync(paths.password, 'utf8')
      // Duration 0: unlocked until the process exits.
      await ipcRpc<boolean>(paths.ipc, 'personal_unlockAccount', [n.etherbase, password, 0])
      await ipcRpc<boolean>(paths.ipc, 'miner_setExtra', [`evswap ${n.name}`.slice(0, 32)])
      // geth retries a failed seal only on a new head or new transactions; a restart retries now.
      await restartMiner(n)
    }),
  )
}

/**
 * Waits (at most `timeoutMs`) until `node` has the highest head among its `peers` that answer. A node that
 * comes back after the others sealed on would otherwise seal on its old head, in its own stale view:
 * forks of equal weight next to the live chain, from which Clique may never leave (the deadlock above).
 * geth syncs a node with fewer than 5 peers every 10 s, hence the default 15 s. On timeout it seals
 * anyway: a peer that is itself stuck must not keep this one from sealing.
 */
async function catchUp(node: GethNode, peers: readonly GethNode[], timeoutMs: number): Promise<void> {
  const others = peers.filter((p) => p.datadir !== node.datadir)
  const heads = await Promise.all(others.map((p) => nodeRpc<string>(p, 'eth_blockNumber', [], 1000).then(BigInt, () => -1n)))
  const target = heads.reduce((a, b) => (b > a ? b : a), -1n)
  if (target < 0n) return
  await pollUntil(async () => (BigInt(await nodeRpc<string>(node, 'eth_blockNumber')) >= target ? true : undefined), {
    what: `${node.name} to sync to block ${target}`,
    timeoutMs,
    intervalMs: 200,
  }).catch(() => undefined)
}

/** Mining with an unlocked key: nothing to do (a node started by an earlier `up`). */
async function isSealing(node: GethNode): Promise<boolean> {
  if (!(await nodeRpc<boolean>(node, 'eth_mining'))) return false
  try {
    await ipcRpc<string>(nodePaths(node.datadir).ipc, 'eth_sign', [node.etherbase, '0x00'])
    return true
  } catch {
    return false
  }
}
