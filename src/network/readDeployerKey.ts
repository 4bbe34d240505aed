import type { Hex } from 'viem'
import { NetworkError } from './NetworkError.js'
import { nodePaths } from './nodePaths.js'
import { readSecretKey } from './readSecretKey.js'
import type { EvswapNetwork } from './types.js'

/**
 * The private key of the network's deployer (funded in genesis; deploys the contracts). It is kept in the
 * datadir of station 1, the station whose operator created the network, and on no other machine.
 *
 * @example
 * const account = privateKeyToAccount(await readDeployerKey(network))
 */
export function readDeployerKey(network: Pick<EvswapNetwork, 'dir' | 'stations'>): Promise<Hex> {
  const first = network.stations.find((s) => s.index === 1)
  if (!first) {
    throw new NetworkError(`the deployer key is not on this machine: ${network.dir} does not run station 1`, {
      hint: 'the contracts are deployed by the station that created the network; ask its operator for deployment.json',
    })
  }
  const paths = nodePaths(first.datadir)
  return readSecretKey(paths.deployerKey, paths.password, 'the deployer key')
}
