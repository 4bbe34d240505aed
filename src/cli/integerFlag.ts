import { UsageError } from './UsageError.js'

/**
 * The whole number a flag was given, within [min, max], or its default when the flag was not given.
 *
 * @throws UsageError naming the flag, the allowed range and what was typed
 * @example
 * const port = integerFlag('--port', values.port, 7000, { min: 1, max: 65535 })
 */
export function integerFlag(flag: string, value: string | undefined, fallback: number, range: { min: number; max: number }): number {
  if (value === undefined) return fallback
  const n = /^\s*-?\d+\s*$/.test(value) ? Number(value) : NaN
  if (!Number.isSafeInteger(n) || n < range.min || n > range.max) {
    throw new UsageError(`${flag} must be a whole number from ${range.min} to ${range.max}, not "${value}"`)
  }
  return n
}

/** The range of a TCP port flag. */
export const PORT_RANGE = { min: 1, max: 65535 }

/** The range of `--charge-speedup`: real time up to a day's charging in a minute and a half. */
export const SPEEDUP_RANGE = { min: 1, max: 1000 }
