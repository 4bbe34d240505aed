/**
 * An address short enough for a sentence and still recognisable: `0x2939…ab12`.
 *
 * @example
 * shortAddress('0x29394f0b5bcd12e1a0c4e0f6c38d8c8c6a53ab12') // '0x2939…ab12'
 */
export function shortAddress(address: string): string {
  return address.length > 12 ? `${address.slice(0, 6)}…${address.slice(-4)}` : address
}
