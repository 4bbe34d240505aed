import { randomBytes } from 'node:crypto'
import { rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Hex } from 'viem'
import { runGeth } from './runGeth.js'

/**
 * Puts a sealing key into a node's geth keystore (encrypted with the node's password file) so geth can
 * `--unlock` it. The plaintext key exists on disk only for the instant of the import, mode 0600.
 * `--lightkdf` keeps unlock fast; the keystore protects a local dev network, not real funds.
 *
 * @example
 * importSignerKey(geth, datadir, privateKey, passwordFile)
 */
export function importSignerKey(geth: string, datadir: string, privateKey: Hex, passwordFile: string): void {
  const keyFile = join(datadir, `.import-${randomBytes(6).toString('hex')}.key`)
  writeFileSync(keyFile, privateKey.slice(2), { mode: 0o600 })
  try {
    runGeth(geth, ['account', 'import', '--datadir', datadir, '--password', passwordFile, '--lightkdf', keyFile])
  } finally {
    rmSync(keyFile, { force: true })
  }
}
