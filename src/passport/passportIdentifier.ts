/**
 * The passport identifier of an evswap battery, a URN in the form the Battery Pass model constrains
 * `batteryPassportIdentifier` to (`^urn:[a-z0-9]+:[a-z0-9]+$`, hence no third colon).
 *
 * @example
 * passportIdentifier(3) // 'urn:evswap:battery3'
 */
export function passportIdentifier(batteryId: number): string {
  return `urn:evswap:battery${batteryId}`
}
