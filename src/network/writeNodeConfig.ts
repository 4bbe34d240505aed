import { writeFileSync } from 'node:fs'

/**
 * Writes the node's geth TOML config. The P2P listen address goes here rather than in `--port`, because
 * `--port` binds every interface and the network must bind 127.0.0.1 only. Static peers connect every
 * pair of nodes without discovery (`NoDiscovery`).
 *
 * @example
 * writeNodeConfig(path, { listenAddr: '127.0.0.1:30401', staticNodes: ['enode://...@127.0.0.1:30402'] })
 */
export function writeNodeConfig(path: string, config: { listenAddr: string; staticNodes: readonly string[] }): void {
  const list = config.staticNodes.map((e) => `  ${JSON.stringify(e)},`).join('\n')
  const toml = [
    '# Written by `evswap network init`. Static peers are the other nodes of this local Clique network.',
    '[Node.P2P]',
    'NoDiscovery = true',
    `ListenAddr = ${JSON.stringify(config.listenAddr)}`,
    `StaticNodes = [\n${list}\n]`,
    '',
  ].join('\n')
  writeFileSync(path, toml)
}
