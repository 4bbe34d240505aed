/**
 * The relay id of a request, unique per signer and forwarder nonce, so a device can compute it before it
 * sends and find its result after a crash.
 *
 * @example
 * relayId('0xAbC…', 3n) // '0xabc…-3'
 */
export function relayId(from: string, nonce: string | bigint): string {
  return `${from.toLowerCase()}-${nonce.toString()}`
}
