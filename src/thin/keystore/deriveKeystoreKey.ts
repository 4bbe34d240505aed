import { pbkdf2, scrypt, type ScryptOptions } from 'node:crypto'
import { scryptAsync } from '@noble/hashes/scrypt'
import { KeystoreError } from './KeystoreError.js'
import { optimizingCompiler } from '../optimizingCompiler.js'
import type { Pbkdf2Params, ScryptParams } from './KeystoreV3.js'

/** scrypt memory cap by default: enough for the device parameters (16 MiB) with room to spare. */
export const DEFAULT_MAX_KDF_MEMORY = 64 * 1024 * 1024

/**
 * Derives a keystore's key from the passphrase with the file's KDF (scrypt or pbkdf2-hmac-sha256). Runs
 * on the libuv thread pool, so a slow KDF does not freeze the device's local API. `maxmem` caps scrypt's
 * memory (about 128 * r * n bytes); a file needing more fails with a message rather than exhausting a
 * 1 GB device.
 */
export async function deriveKeystoreKey(
  passphrase: string,
  kdf: 'scrypt' | 'pbkdf2',
  params: ScryptParams | Pbkdf2Params,
  maxmem = DEFAULT_MAX_KDF_MEMORY,
): Promise<Buffer> {
  const salt = Buffer.from(params.salt, 'hex')
  const password = Buffer.from(passphrase, 'utf8')
  if (kdf === 'pbkdf2') {
    const p = params as Pbkdf2Params
    if (p.prf !== 'hmac-sha256') throw new KeystoreError(`unsupported pbkdf2 prf "${String(p.prf)}"; only hmac-sha256 is supported`)
    return new Promise((resolve, reject) => pbkdf2(password, salt, p.c, p.dklen, 'sha256', (e, key) => (e ? reject(e) : resolve(key))))
  }
  const { n, r, p, dklen } = params as ScryptParams
  // OpenSSL's own accounting: the V array (128 * r * (n + 2)) plus the B blocks (128 * r * p).
  const needed = 128 * r * (n + 2 + p)
  if (needed > maxmem) {
    throw new KeystoreError(
      `this key file needs ${Math.round(needed / 2 ** 20)} MiB for scrypt (n=${n}, r=${r}, p=${p}), over the ${Math.floor(maxmem / 2 ** 20)} MiB limit; ` +
        're-encrypt it with n=16384 (e.g. load it on a larger machine and save it again), or raise maxmem',
    )
  }
  // OpenSSL enforces RFC 7914's n < 2^(16 r) and refuses files that geth and ethers accept, such as the
  // Web3 Secret Storage spec's own test vector (n=262144, r=1). Those go through @noble/hashes' audited
  // JS scrypt, which skips that check for the same compatibility; everything else uses the native one.
  if (16 * r < 53 && n >= 2 ** (16 * r)) {
    const key = await optimizingCompiler.enabledDuring(() => scryptAsync(password, salt, { N: n, r, p, dkLen: dklen, maxmem: needed + 1024 }))
    return Buffer.from(key)
  }
  const options: ScryptOptions = { N: n, r, p, maxmem: needed + 2 * 1024 * 1024 }
  return new Promise((resolve, reject) => scrypt(password, salt, dklen, options, (e, key) => (e ? reject(e) : resolve(key))))
}
