import { mkdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { Address } from 'viem'
import { generatePrivateKey, privateKeyToAccount, type PrivateKeyAccount } from 'viem/accounts'
import { createFileExclusive } from '../../shared/fs/createFileExclusive.js'
import { decryptKeystore } from './decryptKeystore.js'
import { encryptKeystore, type EncryptKeystoreParameters } from './encryptKeystore.js'
import { KeystoreError } from './KeystoreError.js'

/** The key file's name inside the device folder. */
export const DEVICE_KEY_FILE = 'device-key.json'

export type LoadOrCreateDeviceKeyParameters = {
  /** The device's own folder (on the device's SD card, not a battery's USB disk). Created if missing. */
  dir: string
  passphrase: string
  /** scrypt cost for a new key; default n=16384, r=8, p=1 (see `DEVICE_SCRYPT`). */
  scrypt?: EncryptKeystoreParameters['scrypt']
  /** scrypt memory cap when unlocking, bytes; default 64 MiB. */
  maxmem?: number
  /** Called once when this call made a new key (first run), e.g. to tell the user to get it registered. */
  onCreate?: (info: { address: Address; file: string }) => void
}

/**
 * The device's signing account: its key is made on first run and stored encrypted (Web3 Secret Storage v3,
 * file mode 0600, created atomically and never over an existing file), and decrypted on later runs. The
 * private key is never written unencrypted, logged, or returned: the result is a viem LocalAccount that
 * holds the key only inside its signing closures, so logging or serializing it cannot leak it.
 *
 * @throws KeystoreError on a wrong passphrase, an empty passphrase or a damaged key file
 * @example
 * const account = await loadOrCreateDeviceKey({
 *   dir: '/var/lib/evswap',
 *   passphrase: resolvePassphrase(),
 *   onCreate: ({ address }) => console.log(`new device ${address}: ask the super account to register it`),
 * })
 * await account.signTypedData(request)
 */
export async function loadOrCreateDeviceKey(params: LoadOrCreateDeviceKeyParameters): Promise<PrivateKeyAccount> {
  const { dir, passphrase } = params
  if (typeof passphrase !== 'string' || passphrase.length === 0) {
    throw new KeystoreError('the device passphrase is empty; set EVSWAP_PASSPHRASE or EVSWAP_PASSPHRASE_FILE')
  }
  await mkdir(dir, { recursive: true, mode: 0o700 })
  const file = join(dir, DEVICE_KEY_FILE)

  let text = await readFile(file, 'utf8').catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return undefined
    throw new KeystoreError(`cannot read the device key ${file} (${error.code ?? error.message}); check its permissions`)
  })
  if (text === undefined) {
    const account = await create(file, passphrase, params.scrypt)
    if (account) {
      params.onCreate?.({ address: account.address, file })
      return account
    }
    // Another process created it first: use that one.
    text = await readFile(file, 'utf8')
  }

  let json: unknown
  try {
    json = JSON.parse(text)
  } catch {
    throw new KeystoreError(`the device key ${file} is not JSON (damaged?); restore it from a backup. Deleting it makes a new key, and this device's identity and battery ownership are then lost`)
  }
  const account = privateKeyToAccount(await decryptKeystore(json, passphrase, { file, maxmem: params.maxmem }))
  const stored = (json as { address?: unknown }).address
  if (typeof stored === 'string' && stored.toLowerCase().replace(/^0x/, '') !== account.address.slice(2).toLowerCase()) {
    throw new KeystoreError(`the device key ${file} says address 0x${stored} but holds the key of ${account.address}; the file was edited, restore it from a backup`)
  }
  return account
}

async function create(file: string, passphrase: string, scrypt: LoadOrCreateDeviceKeyParameters['scrypt']): Promise<PrivateKeyAccount | undefined> {
  const privateKey = generatePrivateKey()
  const keystore = await encryptKeystore(privateKey, passphrase, scrypt ? { scrypt } : {})
  if (!(await createFileExclusive(file, `${JSON.stringify(keystore, null, 2)}\n`, 0o600))) return undefined
  return privateKeyToAccount(privateKey)
}
