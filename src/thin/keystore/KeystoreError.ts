/** A keystore or passphrase problem; the message says what to do next (set a passphrase, restore a file...). */
export class KeystoreError extends Error {
  override name = 'KeystoreError'
}
