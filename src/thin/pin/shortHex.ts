/**
 * A hash or an address shortened for a sentence: enough digits at both ends to tell two apart by eye.
 *
 * @example
 * shortHex('0x12ab…') // '0x12ab…90cd'
 */
export function shortHex(hex: string): string {
  return hex.length <= 14 ? hex : `${hex.slice(0, 6)}…${hex.slice(-4)}`
}
