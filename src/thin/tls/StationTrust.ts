/**
 * What a device trusts when it speaks TLS to a station (docs/security.md, "TLS to devices"). A station is
 * accepted when its certificate is one of `pins`, or when its chain leads to `ca` and names the host the
 * device dialled. `ca: 'system'` is the public CAs Node ships (a station with a certificate from a public
 * CA); no `ca` at all means only the pins count.
 *
 * `label` says where the setting came from ("--ca /etc/evswap/ca.pem"), for the sentence a refusal prints.
 */
export type StationTrust = {
  ca?: { pem: string; label: string } | 'system'
  pins: { sha256: string; label: string }[]
}

/** A device given no CA and no pin: the public CAs, and plain http stays allowed for http:// stations. */
export const SYSTEM_TRUST: StationTrust = { ca: 'system', pins: [] }

/**
 * Whether the device was told whom to trust (a CA file or a pin): such a device speaks only TLS, so that
 * an http:// station, or one that answers in plain HTTP, is refused rather than spoken to in clear.
 *
 * @example
 * if (isTrustConfigured(trust) && url.startsWith('http:')) refuse()
 */
export const isTrustConfigured = (t: StationTrust): boolean => typeof t.ca === 'object' || t.pins.length > 0
