/** Summary statistics of a sample. */
export type Summary = { n: number; mean: number; std: number; min: number; p50: number; p95: number; p99: number; max: number }

/**
 * The q-quantile (0..1) by linear interpolation between closest ranks of the sorted values.
 *
 * @example
 * quantile([1, 2, 3, 4], 0.5) // 2.5
 */
export function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return Number.NaN
  const pos = (sorted.length - 1) * q
  const lo = Math.floor(pos)
  const hi = Math.ceil(pos)
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (pos - lo)
}

/**
 * Mean, standard deviation, min, p50, p95, p99 and max.
 *
 * @example
 * summarize([1.1, 1.2, 0.9]).p50 // 1.1
 */
export function summarize(values: readonly number[]): Summary {
  const sorted = [...values].sort((a, b) => a - b)
  const n = sorted.length
  const mean = n ? sorted.reduce((a, b) => a + b, 0) / n : Number.NaN
  const std = n > 1 ? Math.sqrt(sorted.reduce((a, b) => a + (b - mean) ** 2, 0) / (n - 1)) : 0
  const r = (v: number) => Math.round(v * 1000) / 1000
  return {
    n,
    mean: r(mean),
    std: r(std),
    min: r(sorted[0] ?? Number.NaN),
    p50: r(quantile(sorted, 0.5)),
    p95: r(quantile(sorted, 0.95)),
    p99: r(quantile(sorted, 0.99)),
    max: r(sorted[n - 1] ?? Number.NaN),
  }
}

/** a / b rounded to 2 decimals; NaN-safe (Infinity when b is 0 and a is not). */
export function ratio(a: number, b: number): number {
  if (b === 0) return a === 0 ? 1 : Number.POSITIVE_INFINITY
  return Math.round((a / b) * 100) / 100
}
