import { join } from 'node:path'
import { resolveAnvilBinary } from '../../src/rich/node/resolveAnvilBinary.js'
import { spawnChild, waitUntil, type SpawnedChild } from '../lib/spawnChild.js'
import { createRpc } from './createRpc.js'

export type IndexChain = { url: string; pid: number; stop(): Promise<void> }

/**
 * anvil for this benchmark, started by hand rather than with src's `startAnvil`, for three reasons:
 * `startAnvil` re-dumps the whole chain every second (`--state-interval 1`), which at a million events is a
 * multi-gigabyte file written over and over; the history needs a genesis timestamp days back
 * (`--timestamp`) so that blocks can be spread over days; and `--order fifo` keeps the transactions of a
 * block in the order they were sent, so the swap and battery ids the builder predicts are the ones the
 * contracts hand out. The gas limit is raised so a block takes every batch sent for it. `--prune-history`:
 * anvil otherwise keeps a copy of the state for every block, in memory and then on disk under
 * ~/.foundry/anvil/tmp (3 GB after 600 blocks of this history, and the build slowed to a third); the
 * index reads logs and blocks, which are kept, never an old block's state.
 *
 * `dumpState`: where the chain is written when stopped (the build); `loadState`: where it starts from
 * (the measurements, which never write it back, so the cache stays the history as built).
 *
 * @example
 * const chain = await startIndexChain({ port, dir, genesis: now - 7 * 86400, dumpState: 'state.json' })
 */
export async function startIndexChain(o: { port: number; dir: string; genesis?: number; loadState?: string; dumpState?: string }): Promise<IndexChain> {
  const args = ['--hardfork', 'paris', '--host', '127.0.0.1', '--port', String(o.port), '--chain-id', '31337', '--order', 'fifo', '--gas-limit', '1000000000', '--prune-history', '--silent']
  if (o.genesis !== undefined) args.push('--timestamp', String(o.genesis))
  if (o.loadState) args.push('--load-state', o.loadState)
  if (o.dumpState) args.push('--dump-state', o.dumpState)
  const child: SpawnedChild = spawnChild(resolveAnvilBinary(), args, { logFile: join(o.dir, 'anvil.log') })
  const url = `http://127.0.0.1:${o.port}`
  const rpc = createRpc(url, 2000)
  // Loading a large state takes a while: anvil answers only once it is in memory.
  await waitUntil('anvil', async () => ((await rpc('eth_chainId')) ? true : undefined), { timeoutMs: 1_800_000, intervalMs: 250 })
  // A dump of a large chain takes minutes: never SIGKILL it half-written.
  return { url, pid: child.pid, stop: () => child.stop(1_800_000) }
}
