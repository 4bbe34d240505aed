/**
 * A number in [0, 1) from mulberry32, advancing `state.seed`: the chain the benchmark builds depends only on
 * its size, so two builds of the same N are the same history (and a cache can be trusted).
 *
 * @example
 * const s = { seed: 42 }
 * nextRandom(s) // 0.6011…
 */
export function nextRandom(state: { seed: number }): number {
  state.seed = (state.seed + 0x6d2b79f5) | 0
  let t = state.seed
  t = Math.imul(t ^ (t >>> 15), t | 1)
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296
}
