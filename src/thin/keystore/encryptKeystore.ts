import { createCipheriv, randomBytes, randomUUID } from 'node:crypto'
import { keccak256, type Hex } from 'viem'
import { privateKeyToAddress } from 'viem/accounts'
import { deriveKeystoreKey } from './deriveKeystoreKey.js'
import type { KeystoreV3 } from './KeystoreV3.js'

/**
 * scrypt cost for keys made on devices. The common default n=262144 needs 256 MiB of RAM for every unlock,
 * a quarter of a 1 GB Raspberry Pi's memory and seconds of CPU; n=16384 needs 16 MiB. The passphrase
 * still costs an attacker 16 MiB and ~50 ms per guess, and the file never leaves the device.
 */
export const DEVICE_SCRYPT = { n: 16384, r: 8, p: 1 } as const

export type EncryptKeystoreParameters = {
  /** scrypt cost; default {@link DEVICE_SCRYPT}. */
  scrypt?: { n: number; r: number; p: number }
}

/**
 * Encrypts a private key into a Web3 Secret Storage v3 object (aes-128-ctr, scrypt), readable by geth,
 * ethers and `decryptKeystore`. Random salt, iv and id on every call.
 *
 * @example
 * const json = await encryptKeystore(generatePrivateKey(), passphrase)
 */
export async function encryptKeystore(privateKey: Hex, passphrase: string, params: EncryptKeystoreParameters = {}): Promise<KeystoreV3> {
  const { n, r, p } = params.scrypt ?? DEVICE_SCRYPT
  const salt = randomBytes(32)
  const iv = randomBytes(16)
  const kdfparams = { dklen: 32, n, r, p, salt: salt.toString('hex') }
  const derived = await deriveKeystoreKey(passphrase, 'scrypt', kdfparams, 128 * r * (n + 2 + p))
  const secret = Buffer.from(privateKey.slice(2), 'hex')
  try {
    const cipher = createCipheriv('aes-128-ctr', derived.subarray(0, 16), iv)
    const ciphertext = Buffer.concat([cipher.update(secret), cipher.final()])
    const mac = keccak256(Buffer.concat([derived.subarray(16, 32), ciphertext])).slice(2)
    return {
      version: 3,
      id: randomUUID(),
      address: privateKeyToAddress(privateKey).slice(2).toLowerCase(),
      crypto: {
        cipher: 'aes-128-ctr',
        cipherparams: { iv: iv.toString('hex') },
        ciphertext: ciphertext.toString('hex'),
        kdf: 'scrypt',
        kdfparams,
        mac,
      },
    }
  } finally {
    secret.fill(0)
    derived.fill(0)
  }
}
