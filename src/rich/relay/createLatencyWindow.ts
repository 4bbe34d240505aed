export type LatencySummary = { count: number; p50: number; p95: number; p99: number; max: number }

export type LatencyWindow = {
  add(ms: number): void
  /** Percentiles in ms over the last `size` samples (all zero when there are none). */
  summary(): LatencySummary
}

/**
 * The last `size` durations of one stage, for percentiles: a fixed ring, so a station under load for days
 * keeps constant memory.
 *
 * @example
 * const w = createLatencyWindow(1000); w.add(12.5); w.summary().p99
 */
export function createLatencyWindow(size = 2000): LatencyWindow {
  const ring = new Float64Array(size)
  let n = 0
  return {
    add(ms) {
      ring[n % size] = ms
      n += 1
    },
    summary() {
      const have = Math.min(n, size)
      if (have === 0) return { count: 0, p50: 0, p95: 0, p99: 0, max: 0 }
      const sorted = ring.slice(0, have).sort()
      const at = (q: number) => Math.round(sorted[Math.min(have - 1, Math.floor(q * have))]! * 10) / 10
      return { count: n, p50: at(0.5), p95: at(0.95), p99: at(0.99), max: at(1) }
    },
  }
}
