import type { PeerCertificate, TLSSocket } from 'node:tls'
import type { StationTrust } from './StationTrust.js'
import { StationTrustError } from './StationTrustError.js'

/**
 * Why a station's certificate fails the device's trust, as a refusal that says what to fix, or undefined
 * when it passes: its SHA-256 is pinned, or (with a CA) Node verified its chain to that CA and its name
 * against the host the device dialled.
 *
 * @example
 * socket.once('secureConnect', () => { const e = describeTrustFailure(socket, host, trust); if (e) socket.destroy(e) })
 */
export function describeTrustFailure(socket: TLSSocket, host: string, trust: StationTrust): StationTrustError | undefined {
  const cert = socket.getPeerCertificate()
  const sha256 = cert.fingerprint256
  if (trust.pins.some((p) => p.sha256 === sha256)) return undefined
  if (trust.ca && socket.authorized) return undefined
  const pins = trust.pins.map((p) => p.label).join(', ')
  if (!trust.ca) {
    return new StationTrustError(
      `its certificate (SHA-256 ${sha256}) is not the one pinned with ${pins}`,
      "if its operator renewed the certificate, pin the new one (ask them for its SHA-256 or its PEM); otherwise this is not your station",
    )
  }
  const code = String(socket.authorizationError ?? '')
  if (code === 'ERR_TLS_CERT_ALTNAME_INVALID') {
    return new StationTrustError(
      `its certificate is for ${namesOf(cert)}, not ${host}`,
      `use a station URL with one of those names, or ask the station's operator for a certificate that names ${host}`,
    )
  }
  if (code === 'CERT_HAS_EXPIRED') return new StationTrustError(`its certificate expired on ${cert.valid_to}`, "ask the station's operator to renew it")
  if (code === 'CERT_NOT_YET_VALID') {
    return new StationTrustError(`its certificate is valid only from ${cert.valid_from}`, "check this device's clock, or ask the station's operator")
  }
  const issuer = cert.issuer?.CN ? ` (issued by "${cert.issuer.CN}")` : ''
  if (trust.ca === 'system') {
    return new StationTrustError(
      `its certificate${issuer} is not signed by a public CA${pins ? `, nor pinned with ${pins}` : ''}`,
      "give this device the station's CA (--ca FILE) or pin its certificate (--pin SHA256); its operator has both",
    )
  }
  return new StationTrustError(
    `its certificate${issuer} is not signed by the CA in ${trust.ca.label}${pins ? `, nor pinned with ${pins}` : ''}`,
    "ask the station's operator for their CA, or fix the path",
  )
}

/** The names a certificate is for: its subjectAltName entries, or its CN. */
function namesOf(cert: PeerCertificate): string {
  const alt = (cert.subjectaltname ?? '').split(', ').map((n) => n.replace(/^(DNS|IP Address):/, '')).filter(Boolean)
  return alt.length ? alt.join(', ') : String(cert.subject?.CN ?? 'no name')
}
