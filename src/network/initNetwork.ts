import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import type { Address } from 'viem'
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts'
import { NetworkError } from './NetworkError.js'
import { createCliqueGenesis } from './createCliqueGenesis.js'
import { createNodeIdentity } from './createNodeIdentity.js'
import { initNodeDir } from './initNodeDir.js'
import { loadNetwork } from './loadNetwork.js'
import { type PortBases, networkDefaults } from './networkDefaults.js'
import { readRunningPid } from './readRunningPid.js'
import { resolveGethBinary } from './resolveGethBinary.js'
import type { EvswapNetwork, NetworkManifest, Station } from './types.js'

/** Inputs of {@link initNetwork}. */
export type InitNetworkParameters = {
  /** Number of stations (Clique signers). */
  stations: number
  /** Network directory; default `.evswap/network`. */
  dir?: string
  /** Seconds between blocks; default 1. */
  period?: number
  gasLimit?: number
  chainId?: number
  /** Base ports; station i uses base + i. */
  ports?: Partial<PortBases>
  /** Replace an existing network in `dir` (its nodes must be stopped). */
  force?: boolean
  /** Path of geth; default `$EVSWAP_GETH` or tools/bin/geth. */
  geth?: string
}

/** The network written by {@link initNetwork}, as {@link loadNetwork} reads it back. */
export type InitNetworkReturnType = EvswapNetwork

/**
 * Creates a local Clique network of `stations` rich clients: per station a signer key (in the node's geth
 * keystore), a relayer key funded in genesis, a node key and static peers to every other station; one
 * funded deployer key; the genesis with all signers; `geth init` of every datadir; and `network.json`.
 *
 * @example
 * const network = await initNetwork({ stations: 4, dir: '/tmp/net' })
 * await startNetwork(network)
 */
export async function initNetwork(parameters: InitNetworkParameters): Promise<InitNetworkReturnType> {
  const { stations: count, period = networkDefaults.period, gasLimit = networkDefaults.gasLimit, chainId = networkDefaults.chainId } = parameters
  const dir = resolve(parameters.dir ?? networkDefaults.dir)
  const ports: PortBases = { ...networkDefaults.ports, ...parameters.ports }
  if (!Number.isInteger(count) || count < 1) {
    throw new NetworkError(`--stations must be a positive integer, got ${count}`, { hint: 'e.g. `evswap network init --stations 4`' })
  }
  if (!Number.isInteger(period) || period < 1) {
    throw new NetworkError(`--period must be a whole number of seconds >= 1, got ${period}`)
  }
  const geth = resolveGethBinary(parameters.geth)
  prepareDir(dir, parameters.force ?? false)

  const host = networkDefaults.host
  const drafts = Array.from({ length: count }, (_, i) => {
    const index = i + 1
    const signerKey = generatePrivateKey()
    const relayerKey = generatePrivateKey()
    const nodePorts = { http: ports.http + index, ws: ports.ws + index, p2p: ports.p2p + index, authrpc: ports.authrpc + index }
    const identity = createNodeIdentity(host, nodePorts.p2p)
    const signer = privateKeyToAccount(signerKey).address
    const station: Station = {
      index,
      name: `station-${index}`,
      datadir: `station-${index}`,
      signer,
      etherbase: signer,
      relayer: { address: privateKeyToAccount(relayerKey).address, privateKey: relayerKey },
      ports: nodePorts,
      httpUrl: `http://${host}:${nodePorts.http}`,
      wsUrl: `ws://${host}:${nodePorts.ws}`,
      enode: identity.enode,
    }
    return { station, signerKey, nodekey: identity.nodekey }
  })
  const deployerKey = generatePrivateKey()
  const deployer = { address: privateKeyToAccount(deployerKey).address, privateKey: deployerKey }

  const alloc: Record<Address, bigint> = { [deployer.address]: networkDefaults.fundingWei }
  for (const { station } of drafts) alloc[station.relayer.address] = networkDefaults.fundingWei
  const genesis = createCliqueGenesis({ signers: drafts.map((d) => d.station.signer), alloc, chainId, period, gasLimit })
  const genesisPath = join(dir, 'genesis.json')
  writeFileSync(genesisPath, `${JSON.stringify(genesis, null, 2)}\n`)

  for (const { station, signerKey, nodekey } of drafts) {
    initNodeDir({
      geth,
      datadir: join(dir, station.datadir),
      genesisPath,
      sealKey: signerKey,
      nodekey,
      listenAddr: `${host}:${station.ports.p2p}`,
      staticNodes: drafts.filter((d) => d !== drafts[station.index - 1]).map((d) => d.station.enode),
    })
  }

  const manifest: NetworkManifest = {
    version: 1,
    chainId,
    period,
    epoch: networkDefaults.epoch,
    gasLimit,
    deployer,
    stations: drafts.map((d) => d.station),
  }
  // Private keys of relayers and deployer are in here on purpose: this is a local dev network (docs/network.md).
  writeFileSync(join(dir, 'network.json'), `${JSON.stringify(manifest, null, 2)}\n`, { mode: 0o600 })
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
