import type { Hex } from 'viem'
import { nodePaths } from './nodePaths.js'
import { readSecretKey } from './readSecretKey.js'
import type { Station } from './types.js'

/**
 * The private key of a station's relayer, from that station's own datadir (`relayer-key.json`, encrypted
 * with the node's password file). network.json names only its address.
 *
 * @example
 * const relayerKey = await readRelayerKey(findStation(network, 2))
 */
export function readRelayerKey(station: Pick<Station, 'name' | 'datadir'>): Promise<Hex> {
  const paths = nodePaths(station.datadir)
  return readSecretKey(paths.relayerKey, paths.password, `the relayer key of ${station.name}`)
}
