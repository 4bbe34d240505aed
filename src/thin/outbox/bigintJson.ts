// JSON with bigints: signed requests carry uint256 values (nonces, amounts, cents) that a JS number would
// round. A bigint is written as {"$bigint":"123"} and read back as 123n. An object of exactly that shape in
// a payload is therefore read as a bigint; payloads never need one otherwise.

const BIGINT = /^-?\d+$/

/**
 * `JSON.stringify` that writes bigints as `{"$bigint":"<decimal>"}` instead of throwing.
 *
 * @example
 * stringifyWithBigints({ nonce: 7n }) // '{"nonce":{"$bigint":"7"}}'
 */
export function stringifyWithBigints(value: unknown, space?: number): string {
  return JSON.stringify(value, (_key, v: unknown) => (typeof v === 'bigint' ? { $bigint: v.toString() } : v), space)
}

/**
 * `JSON.parse` that turns `{"$bigint":"<decimal>"}` back into a bigint. Throws like `JSON.parse` on bad text.
 *
 * @example
 * parseWithBigints('{"nonce":{"$bigint":"7"}}') // { nonce: 7n }
 */
export function parseWithBigints(text: string): unknown {
  return JSON.parse(text, (_key, v: unknown) => {
    if (typeof v === 'object' && v !== null && !Array.isArray(v)) {
      const keys = Object.keys(v)
      const digits = (v as Record<string, unknown>).$bigint
      if (keys.length === 1 && keys[0] === '$bigint' && typeof digits === 'string' && BIGINT.test(digits)) return BigInt(digits)
    }
    return v
  })
}
