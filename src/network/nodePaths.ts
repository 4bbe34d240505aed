import { createHash } from 'node:crypto'
import { tmpdir } from 'node:os'
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
    /** The station's relayer key, encrypted with the password file (see `readRelayerKey`). */
    relayerKey: join(datadir, 'relayer-key.json'),
    /** The network's deployer key, only in the datadir of the station that created the network. */
    deployerKey: join(datadir, 'deployer-key.json'),
    /**
     * geth's IPC socket (mode 0600: only this user; it serves every API, e.g. miner_start). Unix socket paths
     * are limited to ~107 bytes, so a deep datadir gets a short path in the temp dir, unique per datadir.
     */
    ipc: ipcPath(datadir),
  }
}

function ipcPath(datadir: string): string {
  const inside = join(datadir, 'geth.ipc')
  if (Buffer.byteLength(inside) <= 100) return inside
  return join(tmpdir(), `evswap-${createHash('sha256').update(datadir).digest('hex').slice(0, 16)}.ipc`)
}
