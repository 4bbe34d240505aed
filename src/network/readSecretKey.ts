import { existsSync, readFileSync } from 'node:fs'
import type { Hex } from 'viem'
import { decryptKeystore } from '../thin/keystore/decryptKeystore.js'
import { NetworkError } from './NetworkError.js'

/**
 * Reads a key file written by `writeSecretKey`, unlocked with the node's password file.
 *
 * @example
 * const key = await readSecretKey(paths.relayerKey, paths.password, 'the relayer key of station-2')
 */
export async function readSecretKey(file: string, passwordFile: string, what: string): Promise<Hex> {
  if (!existsSync(file)) {
    throw new NetworkError(`${what} is not on this machine: there is no ${file}`, {
      hint: 'run this on the machine of the station that holds it (each key stays in its own station\'s datadir)',
    })
  }
  try {
    return await decryptKeystore(JSON.parse(readFileSync(file, 'utf8')), readFileSync(passwordFile, 'utf8'), { file })
  } catch (error) {
    throw new NetworkError(`cannot unlock ${what} in ${file}: ${(error as Error).message}`, {
      cause: error,
      hint: `it is encrypted with ${passwordFile}; restore both from the station's backup`,
    })
  }
}
