import { createDecipheriv, timingSafeEqual } from 'node:crypto'
import { keccak256, type Hex } from 'viem'
import { DEFAULT_MAX_KDF_MEMORY, deriveKeystoreKey } from './deriveKeystoreKey.js'
import { KeystoreError } from './KeystoreError.js'
import type { Pbkdf2Params, ScryptParams } from './KeystoreV3.js'

export type DecryptKeystoreParameters = {
  /** scrypt memory cap in bytes; default 64 MiB. The spec's test vector (n=262144) needs 256 MiB. */
  maxmem?: number
  /** Names the file in messages. */
  file?: string
}

const HEX = /^[0-9a-fA-F]*$/

/**
 * Decrypts a Web3 Secret Storage v3 key file (scrypt or pbkdf2, aes-128-ctr) and returns the private key.
 * Checks the MAC before decrypting, so a wrong passphrase is reported as such, not as a wrong key.
 * Callers should turn the key into an account at once and drop the string (see `loadOrCreateDeviceKey`).
 *
 * @throws KeystoreError for a wrong passphrase, a malformed file or one too costly to unlock
 * @example
 * const key = await decryptKeystore(JSON.parse(text), passphrase)
 */
export async function decryptKeystore(keystore: unknown, passphrase: string, params: DecryptKeystoreParameters = {}): Promise<Hex> {
  const where = params.file ?? 'key file'
  const bad = (what: string) => new KeystoreError(`${where} is not a valid v3 keystore (${what}); restore it from a backup`)
  const k = keystore as Record<string, unknown> | null
  if (typeof k !== 'object' || k === null) throw bad('not an object')
  if (k.version !== 3) throw bad(`version ${JSON.stringify(k.version)}, expected 3`)
  // Some older wallets wrote "Crypto".
  const c = (k.crypto ?? k.Crypto) as Record<string, unknown> | undefined
  if (typeof c !== 'object' || c === null) throw bad('no crypto section')
  if (c.cipher !== 'aes-128-ctr') throw bad(`cipher ${JSON.stringify(c.cipher)}, expected aes-128-ctr`)
  const iv = hexField((c.cipherparams as Record<string, unknown> | undefined)?.iv, 'cipherparams.iv', bad)
  const ciphertext = hexField(c.ciphertext, 'ciphertext', bad)
  const mac = hexField(c.mac, 'mac', bad)
  if (iv.length !== 16) throw bad('iv is not 16 bytes')
  if (mac.length !== 32) throw bad('mac is not 32 bytes')
  if (ciphertext.length !== 32) throw bad('ciphertext is not a 32-byte private key')
  const kdf = c.kdf
  const kp = c.kdfparams as Record<string, unknown> | undefined
  if ((kdf !== 'scrypt' && kdf !== 'pbkdf2') || typeof kp !== 'object' || kp === null) throw bad(`kdf ${JSON.stringify(kdf)}, expected scrypt or pbkdf2`)
  hexField(kp.salt, 'kdfparams.salt', bad)
  if (!isCount(kp.dklen) || (kp.dklen as number) < 32) throw bad('kdfparams.dklen is under 32')
  if (kdf === 'scrypt') {
    const n = kp.n as number
    if (!isCount(n) || n < 2 || (n & (n - 1)) !== 0 || !isCount(kp.r) || !isCount(kp.p)) throw bad('scrypt n must be a power of 2, r and p positive')
  } else if (!isCount(kp.c)) {
    throw bad('pbkdf2 c must be a positive count')
  }

  const derived = await deriveKeystoreKey(passphrase, kdf, kp as ScryptParams | Pbkdf2Params, params.maxmem ?? DEFAULT_MAX_KDF_MEMORY)
  try {
    const expected = Buffer.from(keccak256(Buffer.concat([derived.subarray(16, 32), ciphertext])).slice(2), 'hex')
    if (!timingSafeEqual(expected, mac)) {
      throw new KeystoreError(`wrong passphrase for ${where} (MAC mismatch); check EVSWAP_PASSPHRASE or EVSWAP_PASSPHRASE_FILE`)
    }
    const decipher = createDecipheriv('aes-128-ctr', derived.subarray(0, 16), iv)
    const secret = Buffer.concat([decipher.update(ciphertext), decipher.final()])
    try {
      return `0x${secret.toString('hex')}`
    } finally {
      secret.fill(0)
    }
  } finally {
    derived.fill(0)
  }
}

function hexField(value: unknown, name: string, bad: (what: string) => KeystoreError): Buffer {
  if (typeof value !== 'string' || value.length % 2 !== 0 || !HEX.test(value)) throw bad(`${name} is not hex`)
  return Buffer.from(value, 'hex')
}

function isCount(value: unknown): boolean {
  return typeof value === 'number' && Number.isSafeInteger(value) && value > 0
}
