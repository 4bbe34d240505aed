import { NetworkError } from './NetworkError.js'
import type { EvswapNetwork, Station } from './types.js'

/**
 * The station with this 1-based index, or an error listing the ones that exist.
 *
 * @example
 * const station = findStation(network, 2)
 */
export function findStation(network: Pick<EvswapNetwork, 'stations'>, index: number): Station {
  const station = network.stations.find((s) => s.index === index)
  if (!station) {
    throw new NetworkError(`no station ${index} in this network`, {
      hint: `stations are ${network.stations.map((s) => s.index).join(', ')}`,
    })
  }
  return station
}
