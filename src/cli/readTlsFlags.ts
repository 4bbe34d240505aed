import { createPrivateKey, X509Certificate } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { UsageError } from './UsageError.js'

/**
 * The station's certificate and key from `--tls-cert FILE --tls-key FILE` (both PEM; the certificate file
 * may hold the chain after it), checked before anything starts: both given, readable, what they claim to
 * be, the key the certificate's, the certificate in date. Undefined when neither is given (plain HTTP).
 *
 * @example
 * const tls = readTlsFlags(values['tls-cert'], values['tls-key']) // { cert, key } | undefined
 */
export function readTlsFlags(certFile: string | undefined, keyFile: string | undefined): { cert: string; key: string } | undefined {
  if (certFile === undefined && keyFile === undefined) return undefined
  if (certFile === undefined || keyFile === undefined) throw new UsageError(`--tls-cert and --tls-key go together; ${certFile === undefined ? '--tls-cert' : '--tls-key'} is missing`)
  const cert = readPem('--tls-cert', certFile)
  const key = readPem('--tls-key', keyFile)
  let x509: X509Certificate
  try {
    x509 = new X509Certificate(cert)
  } catch {
    throw new UsageError(`--tls-cert ${certFile} is not a PEM certificate (it should begin with -----BEGIN CERTIFICATE-----)`)
  }
  let privateKey
  try {
    privateKey = createPrivateKey(key)
  } catch {
    throw new UsageError(`--tls-key ${keyFile} is not an unencrypted PEM private key (it should begin with -----BEGIN PRIVATE KEY----- or similar)`)
  }
  if (!x509.checkPrivateKey(privateKey)) throw new UsageError(`--tls-key ${keyFile} is not the key of the certificate in ${certFile}; give the key it was made with`)
  if (Date.parse(x509.validTo) < Date.now()) throw new UsageError(`--tls-cert ${certFile} expired on ${x509.validTo}; renew it`)
  return { cert, key }
}

/**
 * A file's text, or a UsageError naming the flag and the file and what is wrong with it.
 *
 * @example
 * const pem = readPem('--ca', '/etc/evswap/ca.pem')
 */
export function readPem(flag: string, file: string): string {
  try {
    return readFileSync(file, 'utf8')
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code
    const why = code === 'ENOENT' ? 'does not exist' : code === 'EISDIR' ? 'is a folder, not a file' : code === 'EACCES' ? 'cannot be read (permission denied)' : `cannot be read (${code ?? String(e)})`
    throw new UsageError(`${flag} ${file} ${why}; check the path`)
  }
}
