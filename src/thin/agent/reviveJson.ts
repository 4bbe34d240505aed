/**
 * The station sends bigints as decimal strings. Turns the known bigint fields of battery, account and
 * swap views back into bigints; everything else stays as it came.
 */
const bigintKeys = new Set(['price', 'manufacturePrice', 'balance', 'difference', 'fee', 'escrow', 'cost', 'amount', 'value'])

export function reviveJson(v: unknown, key = ''): unknown {
  if (Array.isArray(v)) return v.map((x) => reviveJson(x))
  if (v && typeof v === 'object') {
    return Object.fromEntries(Object.entries(v as Record<string, unknown>).map(([k, x]) => [k, reviveJson(x, k)]))
  }
  if (bigintKeys.has(key) && typeof v === 'string' && /^-?\d+$/.test(v)) return BigInt(v)
  return v
}
