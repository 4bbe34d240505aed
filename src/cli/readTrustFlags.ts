import { X509Certificate } from 'node:crypto'
import { existsSync } from 'node:fs'
import type { StationTrust } from '../thin/tls/StationTrust.js'
import { readPem } from './readTlsFlags.js'
import { UsageError } from './UsageError.js'

/**
 * Whom a device trusts over TLS, from `--ca FILE` (the stations' CA, PEM) and `--pin SHA256|FILE`
 * (repeatable: a certificate's SHA-256 fingerprint, 64 hex digits with or without colons, or its PEM
 * file). Undefined when neither is given: the public CAs.
 *
 * @example
 * const trust = readTrustFlags('/etc/evswap/ca.pem', []) // { ca: { pem, label: '--ca /etc/evswap/ca.pem' }, pins: [] }
 */
export function readTrustFlags(caFile: string | undefined, pins: string[] = []): StationTrust | undefined {
  if (caFile === undefined && pins.length === 0) return undefined
  let ca: StationTrust['ca']
  if (caFile !== undefined) {
    const pem = readPem('--ca', caFile)
    try {
      new X509Certificate(pem)
    } catch {
      throw new UsageError(`--ca ${caFile} is not a PEM certificate (it should begin with -----BEGIN CERTIFICATE-----); ask the station's operator for their CA's certificate`)
    }
    ca = { pem, label: `--ca ${caFile}` }
  }
  return { ...(ca ? { ca } : {}), pins: pins.map(readPin) }
}

function readPin(value: string): StationTrust['pins'][number] {
  const hex = value.replace(/:/g, '')
  if (/^[0-9a-f]{64}$/i.test(hex)) return { sha256: hex.toUpperCase().replace(/(..)(?!$)/g, '$1:'), label: `--pin ${value}` }
  if (/^[0-9a-f:]+$/i.test(value)) throw new UsageError(`--pin ${value} is not a SHA-256 fingerprint (64 hex digits, colons allowed; it has ${hex.length}); copy it again, or give the certificate's PEM file`)
  if (!existsSync(value)) throw new UsageError(`--pin ${value} is neither a SHA-256 fingerprint (64 hex digits) nor a certificate file that exists; check it`)
  const pem = readPem('--pin', value)
  try {
    return { sha256: new X509Certificate(pem).fingerprint256, label: `--pin ${value}` }
  } catch {
    throw new UsageError(`--pin ${value} is neither a SHA-256 fingerprint nor a PEM certificate; give one of them`)
  }
}
