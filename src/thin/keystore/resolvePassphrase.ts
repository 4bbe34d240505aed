import { readFileSync } from 'node:fs'
import { KeystoreError } from './KeystoreError.js'

/**
 * The passphrase that unlocks the device key: `EVSWAP_PASSPHRASE`, or the content of the file named by
 * `EVSWAP_PASSPHRASE_FILE` (one trailing newline removed, so `echo secret > file` works). A file is the
 * better choice on a device: environment variables show up in /proc and crash reports.
 *
 * @throws KeystoreError when neither is set, both are set, or the passphrase is empty or unreadable
 * @example
 * const passphrase = resolvePassphrase(process.env)
 */
export function resolvePassphrase(env: Record<string, string | undefined> = process.env): string {
  const direct = env.EVSWAP_PASSPHRASE
  const file = env.EVSWAP_PASSPHRASE_FILE
  if (direct !== undefined && direct !== '' && file !== undefined && file !== '') {
    throw new KeystoreError('both EVSWAP_PASSPHRASE and EVSWAP_PASSPHRASE_FILE are set; unset one so it is clear which passphrase unlocks the device key')
  }
  if (direct !== undefined && direct !== '') return direct
  if (file !== undefined && file !== '') {
    let text: string
    try {
      text = readFileSync(file, 'utf8')
    } catch (error) {
      throw new KeystoreError(`cannot read EVSWAP_PASSPHRASE_FILE ${file} (${(error as NodeJS.ErrnoException).code ?? String(error)}); check the path and its permissions`)
    }
    const passphrase = text.replace(/\r?\n$/, '')
    if (passphrase === '') throw new KeystoreError(`EVSWAP_PASSPHRASE_FILE ${file} is empty; write the passphrase into it`)
    return passphrase
  }
  throw new KeystoreError(
    'no device passphrase: set EVSWAP_PASSPHRASE_FILE to a file holding it (e.g. `install -m 600 /dev/null /etc/evswap/passphrase` then write it there), or set EVSWAP_PASSPHRASE',
  )
}
