const ADDRESS = /^0x[0-9a-fA-F]{40}$/

/**
 * JSON as the station API writes it: bigints as decimal strings (E-coin cents, wei), addresses in lower
 * case (the API's convention; checksummed and plain forms compare equal after it).
 *
 * @example
 * stringifyJson({ balance: 100n, owner: '0xAbC…' }) // '{"balance":"100","owner":"0xabc…"}'
 */
export function stringifyJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => (typeof v === 'bigint' ? v.toString() : typeof v === 'string' && ADDRESS.test(v) ? v.toLowerCase() : v))
}
