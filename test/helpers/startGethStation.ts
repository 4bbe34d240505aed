import { createWalletClient, http, type PublicClient } from 'viem'
import { privateKeyToAccount } from 'viem/accounts'
import { readRelayerKey, type EvswapNetwork } from '../../src/network/index.js'
import { startStationServer, type StartStationServerReturnType } from '../../src/rich/stationServer.js'
import type { Deployment } from '../../src/sdk/deployment.js'
import { testIndex } from './testIndex.js'

/**
 * A station's server on a geth network's node (the first unless `index` names another, 0-based), as
 * `evswap station --network` runs it: its relayer key from its datadir, the network's epoch, every node
 * listed, a test index. On a free port, quiet.
 *
 * @example
 * const station = await startGethStation(net, client, deployment)
 */
export async function startGethStation(net: EvswapNetwork, client: PublicClient, deployment: Deployment, index = 0): Promise<StartStationServerReturnType> {
  const node = net.stations[index]!
  return startStationServer({
    publicClient: client,
    walletClient: createWalletClient({ account: privateKeyToAccount(await readRelayerKey(node)), transport: http(node.httpUrl) }),
    deployment,
    station: { id: index + 1, name: `Station ${index + 1}`, url: `http://station-${index + 1}.test` },
    peers: [],
    nodeUrls: net.stations.map((s) => s.httpUrl),
    cliqueEpoch: net.epoch,
    logger: false,
    port: 0,
    handleSignals: false,
    index: await testIndex(),
  })
}
