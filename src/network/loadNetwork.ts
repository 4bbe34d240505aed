import { existsSync, readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { NetworkError } from './NetworkError.js'
import { networkDefaults } from './networkDefaults.js'
import type { EvswapNetwork, ManifestStation, NetworkManifest, NetworkMember, Station } from './types.js'

/**
 * Reads `network.json` from a network directory: chain id, genesis, every station's public data (signer,
 * relayer address, enode), and for the stations run from this directory (their datadir is here) the datadir,
 * ports and urls. It holds no key: `readRelayerKey` and `readDeployerKey` read those from the datadirs.
 *
 * @example
 * const network = loadNetwork('.evswap/network')
 * const client = createPublicClient({ transport: http(network.stations[0]!.httpUrl) })
 */
export function loadNetwork(dir: string = networkDefaults.dir): EvswapNetwork {
  const absolute = resolve(dir)
  const manifest = readManifest(join(absolute, 'network.json'), dir)
  const { version: _version, stations: entries, ...rest } = manifest
  const members: NetworkMember[] = entries.map(({ index, name, signer, relayer, enode }) => ({ index, name, signer, relayer, enode }))
  // A founding station's folder copied alone to its machine keeps the whole list: the others' datadirs are
  // simply not there, and those stations run elsewhere.
  const stations = entries.filter((s) => s.datadir !== undefined && existsSync(resolve(absolute, s.datadir))).map((s) => localStation(absolute, s))
  return { ...rest, dir: absolute, stations, members }
}

/**
 * Reads and checks a network.json (ours, or one handed over by another station's operator).
 *
 * @example
 * const manifest = readManifest('/media/usb/network.json', '/media/usb')
 */
export function readManifest(file: string, dirForHint = '.'): NetworkManifest {
  if (!existsSync(file)) {
    throw new NetworkError(`no network.json in ${resolve(file, '..')}`, {
      hint: `create the network first: \`evswap network init --stations 4 --dir ${dirForHint}\`, or join one: \`evswap network join\``,
    })
  }
  let manifest: NetworkManifest
  try {
    manifest = JSON.parse(readFileSync(file, 'utf8')) as NetworkManifest
  } catch (error) {
    throw new NetworkError(`${file} is not valid JSON`, {
      cause: error,
      hint: 'ask for the file again, or recreate the network with `evswap network init --force` (stop its nodes first)',
    })
  }
  if ((manifest as { version?: unknown }).version === 1) {
    throw new NetworkError(`${file} was written by an older evswap, with keys in plain text`, {
      hint: 'stop its nodes (`evswap network down`) and recreate it with `evswap network init --force`',
    })
  }
  if (manifest.version !== 2 || !Array.isArray(manifest.stations) || !manifest.deployer || !manifest.genesis) {
    throw new NetworkError(`${file} is not an evswap network description (version 2)`, {
      hint: 'pass the network.json that `evswap network init` wrote',
    })
  }
  return manifest
}

function localStation(dir: string, s: ManifestStation): Station {
  const host = s.host ?? networkDefaults.host
  const ports = s.ports!
  // RPC listens on the machine's loopback whatever its p2p host is (docs/network.md, "Addresses").
  return {
    index: s.index,
    name: s.name,
    signer: s.signer,
    relayer: s.relayer,
    enode: s.enode,
    datadir: resolve(dir, s.datadir!),
    etherbase: s.signer,
    host,
    ports,
    httpUrl: `http://127.0.0.1:${ports.http}`,
    wsUrl: `ws://127.0.0.1:${ports.ws}`,
  }
}
