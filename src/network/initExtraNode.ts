import { existsSync } from 'node:fs'
import { join } from 'node:path'
import type { Hex } from 'viem'
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts'
import { NetworkError } from './NetworkError.js'
import { createNodeIdentity } from './createNodeIdentity.js'
import { initNodeDir } from './initNodeDir.js'
import { networkDefaults } from './networkDefaults.js'
import { resolveGethBinary } from './resolveGethBinary.js'
import type { EvswapNetwork, GethNode, NodePorts } from './types.js'

/** Inputs of {@link initExtraNode}. */
export type InitExtraNodeParameters = {
  /** Directory name under the network dir; must not be a station's. */
  name: string
  ports: NodePorts
  geth?: string
  /**
   * Its sealing key; by default a fresh one, outside the signer set. A signer's own key makes a second
   * machine seal with that signer's key: the fault of one key running on two machines.
   */
  sealKey?: Hex
  /** The enodes it dials; by default every station's. */
  peers?: readonly string[]
}

/**
 * Creates a node that joins the network (same genesis, static peers to every station unless `peers` names
 * others) but whose sealing key is fresh and so NOT a Clique signer, unless `sealKey` gives a signer's. Start it with `startNode(network, node)`: it syncs the chain and,
 * since it runs with `--mine`, tries to seal; Clique refuses its blocks ("unauthorized signer"). Used to
 * show that a rich client outside the signer set cannot produce blocks. Not recorded in network.json.
 *
 * @example
 * const intruder = initExtraNode(network, { name: 'intruder', ports: { http: 8605, ws: 8705, p2p: 30405, authrpc: 8805 } })
 * await startNode(network, intruder, { minPeers: 4 })
 */
export function initExtraNode(network: EvswapNetwork, parameters: InitExtraNodeParameters): GethNode {
  const { name, ports } = parameters
  const datadir = join(network.dir, name)
  if (existsSync(datadir) || network.stations.some((s) => s.name === name)) {
    throw new NetworkError(`${datadir} already exists`, { hint: 'pick another name for the extra node' })
  }
  const host = networkDefaults.host
  const sealKey = parameters.sealKey ?? generatePrivateKey()
  const identity = createNodeIdentity(host, ports.p2p)
  initNodeDir({
    geth: resolveGethBinary(parameters.geth),
    datadir,
    genesisPath: join(network.dir, 'genesis.json'),
    sealKey,
    nodekey: identity.nodekey,
    listenAddr: `${host}:${ports.p2p}`,
    staticNodes: parameters.peers ?? network.stations.map((s) => s.enode),
  })
  return {
    name,
    datadir,
    etherbase: privateKeyToAccount(sealKey).address,
    ports,
    host,
    httpUrl: `http://${host}:${ports.http}`,
    wsUrl: `ws://${host}:${ports.ws}`,
    enode: identity.enode,
  }
}
