import { copyFileSync, existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs'
import { isIP } from 'node:net'
import { dirname, join, resolve } from 'node:path'
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts'
import { NetworkError } from './NetworkError.js'
import { createNodeIdentity } from './createNodeIdentity.js'
import { initNodeDir } from './initNodeDir.js'
import { loadNetwork, readManifest } from './loadNetwork.js'
import { networkDefaults } from './networkDefaults.js'
import { nodePaths } from './nodePaths.js'
import { resolveGethBinary } from './resolveGethBinary.js'
import type { EvswapNetwork, ManifestStation, NodePorts, Station } from './types.js'
import { writeManifest } from './writeManifest.js'
import { writeSecretKey } from './writeSecretKey.js'

/** Inputs of {@link joinNetwork}. */
export type JoinNetworkParameters = {
  /** The network's public description: a network.json from any station (it holds no key). */
  description: string
  /** This station's folder on this machine (must be new or empty). */
  dir: string
  /** This machine's address, which the other stations reach its p2p port on. */
  host: string
  /** Its ports; by default base + its index, as `init` gives station i. */
  ports?: Partial<NodePorts>
  /** Its datadir's name; default `station-<index>`. */
  name?: string
  /** Path of geth; default `$EVSWAP_GETH` or tools/bin/geth. */
  geth?: string
}

/** The joined network as this machine sees it, and this machine's station in it. */
export type JoinNetworkReturnType = { network: EvswapNetwork; station: Station }

/**
 * Prepares a new station on this machine for a running network, from its public description only: makes
 * the station's own keys here (signer in its geth keystore, node key, relayer key encrypted in its datadir;
 * no other machine sees them), `geth init` with the network's genesis, static peers to every station in the
 * description, and writes `dir/network.json` (the description plus this station). A `deployment.json` next
 * to the description is copied too. Start it with `startNode`: it syncs, and its miner runs from the start,
 * so it seals as soon as the signers vote it in (`proposeSigner`); until then Clique refuses its seals.
 *
 * @example
 * const { network, station } = await joinNetwork({ description: '/media/usb/network.json', dir: '.evswap/station', host: '10.0.0.5' })
 * await startNode(network, station, { minPeers: 1 })
 * console.log(`ask the operators to vote for ${station.signer}`)
 */
export async function joinNetwork(parameters: JoinNetworkParameters): Promise<JoinNetworkReturnType> {
  const { host } = parameters
  if (!isIP(host)) {
    throw new NetworkError(`--host "${host}" is not an IP address`, { hint: "give this machine's address that the other stations reach, e.g. 10.0.0.5" })
  }
  const description = resolve(parameters.description)
  const manifest = readManifest(description, dirname(description))
  const dir = resolve(parameters.dir)
  if (existsSync(dir) && readdirSync(dir).length > 0) {
    throw new NetworkError(`${dir} is not empty`, {
      hint: existsSync(join(dir, 'network.json')) ? `this station has joined already: start it with \`evswap network up --dir ${parameters.dir}\`` : 'choose a new or empty --dir',
    })
  }
  const index = Math.max(0, ...manifest.stations.map((s) => s.index)) + 1
  const name = parameters.name ?? `station-${index}`
  if (manifest.stations.some((s) => s.name === name)) {
    throw new NetworkError(`the network has a station named ${name} already`, { hint: 'pick another --name' })
  }
  const base = networkDefaults.ports
  const ports: NodePorts = { http: base.http + index, ws: base.ws + index, p2p: base.p2p + index, authrpc: base.authrpc + index, ...parameters.ports }
  const signerKey = generatePrivateKey()
  const relayerKey = generatePrivateKey()
  const identity = createNodeIdentity(host, ports.p2p)

  mkdirSync(dir, { recursive: true, mode: 0o700 })
  const genesisPath = join(dir, 'genesis.json')
  writeFileSync(genesisPath, `${JSON.stringify(manifest.genesis, null, 2)}\n`)
  const datadir = join(dir, name)
  initNodeDir({
    geth: resolveGethBinary(parameters.geth),
    datadir,
    genesisPath,
    sealKey: signerKey,
    nodekey: identity.nodekey,
    listenAddr: `${host}:${ports.p2p}`,
    staticNodes: manifest.stations.map((s) => s.enode),
  })
  const paths = nodePaths(datadir)
  await writeSecretKey(paths.relayerKey, relayerKey, paths.password)
  const deployment = join(dirname(description), 'deployment.json')
  if (existsSync(deployment)) copyFileSync(deployment, join(dir, 'deployment.json'))

  const self: ManifestStation = {
    index,
    name,
    signer: privateKeyToAccount(signerKey).address,
    relayer: { address: privateKeyToAccount(relayerKey).address },
    enode: identity.enode,
    datadir: name,
    host,
    ports,
  }
  // The others as public entries only: where their datadirs are on their own machines is not ours.
  const others = manifest.stations.map(({ index: i, name: n, signer, relayer, enode }) => ({ index: i, name: n, signer, relayer, enode }))
  writeManifest(dir, { ...manifest, stations: [...others, self] })
  const network = loadNetwork(dir)
  return { network, station: network.stations.find((s) => s.index === index)! }
}
