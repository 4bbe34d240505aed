import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { isIP } from 'node:net'
import { join, resolve } from 'node:path'
import type { Address } from 'viem'
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts'
import { NetworkError } from './NetworkError.js'
import { assertCidr } from './assertCidr.js'
import { createCliqueGenesis } from './createCliqueGenesis.js'
import { createNodeIdentity } from './createNodeIdentity.js'
import { initNodeDir } from './initNodeDir.js'
import { loadNetwork } from './loadNetwork.js'
import { type PortBases, networkDefaults } from './networkDefaults.js'
import { nodePaths } from './nodePaths.js'
import { readRunningPid } from './readRunningPid.js'
import { resolveGethBinary } from './resolveGethBinary.js'
import type { EvswapNetwork, ManifestStation, NetworkManifest } from './types.js'
import { writeManifest } from './writeManifest.js'
import { writeSecretKey } from './writeSecretKey.js'

/** Inputs of {@link initNetwork}. */
export type InitNetworkParameters = {
  /** Number of stations (Clique signers). */
  stations: number
  /** Network directory; default `.evswap/network`. */
  dir?: string
  /** Seconds between blocks; default 1. */
  period?: number
  /** Blocks between Clique checkpoints; default 30000 (a test of checkpoint following uses a few). */
  epoch?: number
  gasLimit?: number
  chainId?: number
  /** Base ports; station i uses base + i. */
  ports?: Partial<PortBases>
  /** Each station's p2p address (its machine's IP), in station order; default 127.0.0.1 for all. */
  hosts?: readonly string[]
  /** The network's CIDR: p2p connections from and to other addresses are refused (`--netrestrict`). */
  netrestrict?: string
  /** Replace an existing network in `dir` (its nodes must be stopped). */
  force?: boolean
  /** Path of geth; default `$EVSWAP_GETH` or tools/bin/geth. */
  geth?: string
}

/** The network written by {@link initNetwork}, as {@link loadNetwork} reads it back. */
export type InitNetworkReturnType = EvswapNetwork

/**
 * Creates a Clique network of `stations` rich clients, each in its own datadir: a signer key (in the node's
 * geth keystore), a relayer key funded in genesis (`relayer-key.json`, encrypted), a node key and static
 * peers to every other station; one funded deployer key (in station 1's datadir); the genesis with all
 * signers; `geth init` of every datadir; and `network.json`, which holds no key and may be handed to anyone
 * (a new station joins with it: `joinNetwork`).
 *
 * @example
 * const network = await initNetwork({ stations: 4, dir: '/tmp/net' })
 * await startNetwork(network)
 */
export async function initNetwork(parameters: InitNetworkParameters): Promise<InitNetworkReturnType> {
  const { stations: count, period = networkDefaults.period, epoch = networkDefaults.epoch, gasLimit = networkDefaults.gasLimit, chainId = networkDefaults.chainId } = parameters
  const dir = resolve(parameters.dir ?? networkDefaults.dir)
  const ports: PortBases = { ...networkDefaults.ports, ...parameters.ports }
  if (!Number.isInteger(count) || count < 1) {
    throw new NetworkError(`--stations must be a positive integer, got ${count}`, { hint: 'e.g. `evswap network init --stations 4`' })
  }
  if (!Number.isInteger(period) || period < 1) {
    throw new NetworkError(`--period must be a whole number of seconds >= 1, got ${period}`)
  }
  const hosts = parameters.hosts ?? []
  if (hosts.length > 0 && hosts.length !== count) {
    throw new NetworkError(`--hosts names ${hosts.length} addresses for ${count} stations`, { hint: 'give one address per station, in station order' })
  }
  for (const h of hosts) {
    if (!isIP(h)) throw new NetworkError(`--hosts: "${h}" is not an IP address`, { hint: "give each station's machine address, e.g. 10.0.0.5 (enodes name addresses, not host names)" })
  }
  if (parameters.netrestrict !== undefined) assertCidr(parameters.netrestrict)
  const geth = resolveGethBinary(parameters.geth)
  prepareDir(dir, parameters.force ?? false)

  const drafts = Array.from({ length: count }, (_, i) => {
    const index = i + 1
    const host = hosts[i] ?? networkDefaults.host
    const signerKey = generatePrivateKey()
    const relayerKey = generatePrivateKey()
    const nodePorts = { http: ports.http + index, ws: ports.ws + index, p2p: ports.p2p + index, authrpc: ports.authrpc + index }
    const identity = createNodeIdentity(host, nodePorts.p2p)
    const station: ManifestStation = {
      index,
      name: `station-${index}`,
      signer: privateKeyToAccount(signerKey).address,
      relayer: { address: privateKeyToAccount(relayerKey).address },
      enode: identity.enode,
      datadir: `station-${index}`,
      host,
      ports: nodePorts,
    }
    return { station, signerKey, relayerKey, nodekey: identity.nodekey }
  })
  const deployerKey = generatePrivateKey()
  const deployer = { address: privateKeyToAccount(deployerKey).address }

  const alloc: Record<Address, bigint> = { [deployer.address]: networkDefaults.fundingWei }
  for (const { station } of drafts) alloc[station.relayer.address] = networkDefaults.fundingWei
  const genesis = createCliqueGenesis({ signers: drafts.map((d) => d.station.signer), alloc, chainId, period, epoch, gasLimit })
  const genesisPath = join(dir, 'genesis.json')
  writeFileSync(genesisPath, `${JSON.stringify(genesis, null, 2)}\n`)

  for (const { station, signerKey, relayerKey, nodekey } of drafts) {
    const datadir = join(dir, station.datadir!)
    initNodeDir({
      geth,
      datadir,
      genesisPath,
      sealKey: signerKey,
      nodekey,
      listenAddr: `${station.host}:${station.ports!.p2p}`,
      staticNodes: drafts.filter((d) => d.station !== station).map((d) => d.station.enode),
    })
    const paths = nodePaths(datadir)
    await writeSecretKey(paths.relayerKey, relayerKey, paths.password)
    if (station.index === 1) await writeSecretKey(paths.deployerKey, deployerKey, paths.password)
  }

  const manifest: NetworkManifest = {
    version: 2,
    chainId,
    period,
    epoch,
    gasLimit,
    ...(parameters.netrestrict !== undefined ? { netrestrict: parameters.netrestrict } : {}),
    deployer,
    genesis,
    stations: drafts.map((d) => d.station),
  }
  writeManifest(dir, manifest)
  return loadNetwork(dir)
}

/**
 * Makes `dir` empty and ready. Only a directory that holds a network.json is ever deleted (so a mistyped
 * --dir cannot wipe unrelated files), and only with `force` and its nodes stopped.
 */
function prepareDir(dir: string, force: boolean): void {
  if (existsSync(dir) && readdirSync(dir).length > 0) {
    if (!existsSync(join(dir, 'network.json'))) {
      throw new NetworkError(`${dir} is not empty and holds no network.json`, { hint: 'choose an empty or new --dir' })
    }
    if (!force) {
      throw new NetworkError(`a network already exists in ${dir}`, {
        hint: 'use it (`evswap network up`), pass --force to replace it, or choose another --dir',
      })
    }
    // Every datadir, not only network.json's stations: the file may be damaged, and extra nodes are not in it.
    const datadirs = readdirSync(dir, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => join(dir, e.name))
    const running = datadirs.filter((d) => readRunningPid(d) !== undefined)
    if (running.length > 0) {
      throw new NetworkError(`nodes in ${running.join(', ')} are still running`, {
        hint: `run \`evswap network down --dir ${dir}\` first`,
      })
    }
    rmSync(dir, { recursive: true, force: true })
  }
  mkdirSync(dir, { recursive: true, mode: 0o700 })
}
