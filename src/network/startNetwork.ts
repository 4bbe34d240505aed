import { findStation } from './findStation.js'
import { readRunningPid } from './readRunningPid.js'
import { startMining } from './startMining.js'
import { type StartNodeOptions, startNode } from './startNode.js'
import type { EvswapNetwork } from './types.js'
import { waitForNode } from './waitForNode.js'

/** Options of {@link startNetwork}. */
export type StartNetworkOptions = Pick<StartNodeOptions, 'timeoutMs' | 'geth' | 'extraArgs'> & {
  /** Station indices to start (default: all). */
  only?: readonly number[]
}

/** Per started station: its index and what {@link startNode} reported once it had its peers. */
export type StartNetworkReturnType = Array<{ index: number; pid: number; alreadyRunning: boolean; peers: number; head: bigint }>

/**
 * Starts the stations' nodes (all, or `only` some) side by side, waits until each one is connected to every
 * other station that is running, then starts their sealing together: a signer that seals while its peers
 * are still starting splits a new Clique chain (see `startMining`).
 *
 * @example
 * await startNetwork(loadNetwork('.evswap/network'))
 * await startNetwork(network, { only: [4] }) // bring one station back
 */
export async function startNetwork(network: EvswapNetwork, options: StartNetworkOptions = {}): Promise<StartNetworkReturnType> {
  const { only, ...nodeOptions } = options
  const selected = (only ?? network.stations.map((s) => s.index)).map((i) => findStation(network, i))
  const started = await Promise.all(selected.map((s) => startNode(network, s, { ...nodeOptions, minPeers: 0, startMining: false })))
  const running = network.stations.filter((s) => readRunningPid(s.datadir) !== undefined).length
  const connected = await Promise.all(
    selected.map((s) => waitForNode(s, { minPeers: running - 1, ...(options.timeoutMs ? { timeoutMs: options.timeoutMs } : {}) })),
  )
  await startMining(selected, { peers: network.stations })
  return selected.map((s, i) => ({ index: s.index, pid: started[i]!.pid, alreadyRunning: started[i]!.alreadyRunning, ...connected[i]! }))
}
