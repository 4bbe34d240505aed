import { existsSync, readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { NetworkError } from './NetworkError.js'
import { networkDefaults } from './networkDefaults.js'
import type { EvswapNetwork, NetworkManifest } from './types.js'

/**
 * Reads `network.json` from a network directory: chain id, RPC/WS urls, ports, enodes, relayer and deployer
 * keys, with each station's datadir made absolute. Everything a station server, a deploy script or a
 * benchmark needs to use the network.
 *
 * @example
 * const network = loadNetwork('.evswap/network')
 * const client = createPublicClient({ transport: http(network.stations[0]!.httpUrl) })
 */
export function loadNetwork(dir: string = networkDefaults.dir): EvswapNetwork {
  const absolute = resolve(dir)
  const file = join(absolute, 'network.json')
  if (!existsSync(file)) {
    throw new NetworkError(`no network.json in ${absolute}`, {
      hint: `create the network first: \`evswap network init --stations 4 --dir ${dir}\``,
    })
  }
  let manifest: NetworkManifest
  try {
    manifest = JSON.parse(readFileSync(file, 'utf8')) as NetworkManifest
  } catch (error) {
    throw new NetworkError(`${file} is not valid JSON`, {
      cause: error,
      hint: `stop any node still running (its pid is in ${absolute}/station-*/geth.pid), then recreate the network with \`evswap network init --force\``,
    })
  }
  if (manifest.version !== 1 || !Array.isArray(manifest.stations) || !manifest.deployer) {
    throw new NetworkError(`${file} is not an evswap network manifest (version 1)`, {
      hint: 'recreate it with `evswap network init --force`',
    })
  }
  const { version: _version, ...rest } = manifest
  return {
    ...rest,
    dir: absolute,
    stations: manifest.stations.map((s) => ({ ...s, datadir: resolve(absolute, s.datadir) })),
  }
}
