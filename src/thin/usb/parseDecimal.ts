/**
 * An exact decimal number: `(negative ? -1 : 1) * digits / 10 ** scale`, with `scale >= 0` and no trailing
 * zero in the fraction. Battery files carry money and percentages; parsing them through floats would turn
 * `164.1` E-coin into 16409.999... cents, so every unit conversion works on this instead.
 */
export type Decimal = { negative: boolean; digits: bigint; scale: number }

/** Exponents beyond this are not battery values; refusing them keeps `10n ** e` cheap on hostile input. */
const MAX_EXPONENT = 200
const MAX_LENGTH = 200
const DECIMAL = /^(-?)(\d+)(?:\.(\d+))?(?:[eE]([+-]?\d+))?$/

/**
 * Parses a JSON number (already a JS number) or a numeric string (`"20"`, `" 1.5 "`, `"2e3"`) exactly.
 * Returns `undefined` for anything that is not a finite decimal number, and `'huge'` for one too large or
 * too precise to be any battery value (so callers report it as out of range, not as "not a number").
 *
 * @example
 * parseDecimal('164.10') // { negative: false, digits: 1641n, scale: 1 }
 */
export function parseDecimal(value: unknown): Decimal | 'huge' | undefined {
  let text: string
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return undefined
    // String() gives the shortest text that reads back as the same double, i.e. what the file said.
    text = String(value)
  } else if (typeof value === 'string') {
    text = value.trim()
    // The pattern cannot backtrack badly, so testing a long string is linear; it is then too big to be ours.
    if (text.length > MAX_LENGTH) return DECIMAL.test(text) ? 'huge' : undefined
  } else {
    return undefined
  }
  const match = DECIMAL.exec(text)
  if (!match) return undefined
  const [, sign, whole = '0', fraction = '', exponentText] = match
  const exponent = exponentText === undefined ? 0 : Number(exponentText)
  if (Math.abs(exponent) > MAX_EXPONENT) return 'huge'
  let digits = BigInt(whole + fraction)
  let scale = fraction.length - exponent
  if (scale < 0) {
    digits *= 10n ** BigInt(-scale)
    scale = 0
  }
  while (scale > 0 && digits % 10n === 0n) {
    digits /= 10n
    scale -= 1
  }
  return { negative: sign === '-' && digits !== 0n, digits, scale }
}

/**
 * The decimal as a whole number of `10 ** -decimals` units (cents for `decimals = 2`), or `undefined` when
 * it has more decimals than that.
 */
export function toScaledInteger(value: Decimal, decimals: number): bigint | undefined {
  if (value.scale > decimals) return undefined
  const units = value.digits * 10n ** BigInt(decimals - value.scale)
  return value.negative ? -units : units
}

/** `value * factor`, rounded to the nearest whole number, halves away from zero (as `Math.round` for >= 0). */
export function multiplyAndRound(value: Decimal, factor: bigint): bigint {
  const denominator = 10n ** BigInt(value.scale)
  const rounded = (2n * value.digits * factor + denominator) / (2n * denominator)
  return value.negative ? -rounded : rounded
}
