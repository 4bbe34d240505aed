import { readFileSync, writeFileSync } from 'node:fs'
import type { Hex } from 'viem'
import { encryptKeystore } from '../thin/keystore/encryptKeystore.js'

/**
 * Writes a private key as an encrypted key file (Web3 Secret Storage v3, the format of geth's keystore)
 * readable by this user only (0600), under the node's own password file. Never over an existing file: a
 * key that funds a relayer must not be lost to a second init.
 *
 * @example
 * await writeSecretKey(nodePaths(datadir).relayerKey, generatePrivateKey(), nodePaths(datadir).password)
 */
export async function writeSecretKey(file: string, privateKey: Hex, passwordFile: string): Promise<void> {
  const keystore = await encryptKeystore(privateKey, readFileSync(passwordFile, 'utf8'))
  writeFileSync(file, `${JSON.stringify(keystore, null, 2)}\n`, { mode: 0o600, flag: 'wx' })
}
