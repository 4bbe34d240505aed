import { join } from 'node:path'

/**
 * The files of a node inside its datadir. One place names them so init, start, stop and status agree.
 *
 * @example
 * readFileSync(nodePaths(station.datadir).log, 'utf8')
 */
export function nodePaths(datadir: string) {
  return {
    datadir,
    /** Unlocks the sealing key in the node's keystore. */
    password: join(datadir, 'password.txt'),
    /** The devp2p identity (hex, no 0x), so the enode is known before the node first starts. */
    nodekey: join(datadir, 'nodekey'),
    /** geth TOML config: listen address and static peers. */
    config: join(datadir, 'config.toml'),
    /** geth's stdout and stderr, appended across restarts. */
    log: join(datadir, 'geth.log'),
    pid: join(datadir, 'geth.pid'),
    keystore: join(datadir, 'keystore'),
  }
}
