import { ipcRpc } from './ipcRpc.js'
import { nodePaths } from './nodePaths.js'
import { pollUntil } from './pollUntil.js'
import type { GethNode } from './types.js'

/** Options of {@link restartMiner}. */
export type RestartMinerOptions = {
  /** Longest wait for the stop to take (default 10 s); the start is asked for either way. */
  stopTimeoutMs?: number
}

/**
 * `miner_stop` then `miner_start` over IPC, each awaited until `eth_mining` says it took. geth rebuilds its
 * sealing work from the pool on the start. geth's `miner_stop` answers once its miner loop has taken the
 * request, before that loop stops the worker; a `miner_start` right after it finds the worker still running
 * and does nothing, and the worker then stops for good. That left one node of 4 not sealing in 2 of 8
 * start-ups on this machine, and the network one failure from halting.
 *
 * @example
 * await restartMiner(station)
 * await restartMiner(station, { stopTimeoutMs: 200 }) // within a slot (refreshSealingWork)
 */
export async function restartMiner(n: GethNode, options: RestartMinerOptions = {}): Promise<void> {
  const ipc = nodePaths(n.datadir).ipc
  const mining = () => ipcRpc<boolean>(ipc, 'eth_mining')
  // Asked (again) while it has not taken: an earlier start is asynchronous too and may land late.
  const until = (want: boolean, method: string) => async () => {
    if ((await mining()) === want) return true
    await ipcRpc<null>(ipc, method)
    return undefined
  }
  try {
    await pollUntil(until(false, 'miner_stop'), { what: `${n.name}'s miner to stop`, timeoutMs: options.stopTimeoutMs ?? 10_000, intervalMs: 20 })
  } finally {
    // Also after a stop that timed out: it may still land, and a node left stopped seals nothing.
    // A sync in progress holds the start back until it ends (miner/miner.go); geth syncs every 10 s at most.
    await pollUntil(until(true, 'miner_start'), {
      what: `${n.name} to start sealing`,
      timeoutMs: 30_000,
      intervalMs: 50,
      hint: `see ${nodePaths(n.datadir).log}`,
    })
  }
}
