import { findStation } from './findStation.js'
import { type StopNodeOptions, type StopNodeReturnType, stopNode } from './stopNode.js'
import type { EvswapNetwork } from './types.js'

/** Options of {@link stopNetwork}. */
export type StopNetworkOptions = StopNodeOptions & {
  /** Station indices to stop (default: all). */
  only?: readonly number[]
}

/**
 * Stops the stations' nodes (all, or `only` some) in parallel, each gracefully unless `force`.
 *
 * @example
 * await stopNetwork(network)
 * await stopNetwork(network, { only: [3, 4] }) // halt sealing: 2 of 4 signers left
 */
export async function stopNetwork(
  network: EvswapNetwork,
  options: StopNetworkOptions = {},
): Promise<Array<StopNodeReturnType & { index: number }>> {
  const { only, ...nodeOptions } = options
  const selected = (only ?? network.stations.map((s) => s.index)).map((i) => findStation(network, i))
  const results = await Promise.all(selected.map((s) => stopNode(network, s, nodeOptions)))
  return results.map((r, i) => ({ index: selected[i]!.index, ...r }))
}
