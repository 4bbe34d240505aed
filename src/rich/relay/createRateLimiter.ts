export type RateLimit = { perSecond: number; burst: number }

export type RateLimiter = {
  /** Takes one token from `key`'s bucket: 0 if allowed, else the milliseconds until one is available. */
  take(key: string): number
  /** What `take` would answer, without taking. */
  wait(key: string): number
  /** Gives back a token taken for a request that turned out not to be `key`'s to pay for. */
  refund(key: string): void
}

/**
 * Per-key token buckets: each key may send `burst` at once and `perSecond` on average. Buckets of idle
 * keys are dropped first once `maxKeys` is reached, so a flood of made-up keys cannot grow memory.
 *
 * @example
 * const limiter = createRateLimiter({ perSecond: 10, burst: 20 })
 * if (limiter.take(from) > 0) refuse(429)
 */
export function createRateLimiter(limit: RateLimit, opts: { maxKeys?: number; now?: () => number } = {}): RateLimiter {
  const { maxKeys = 100_000, now = () => performance.now() } = opts
  // Map iteration order is insertion order; re-inserting on use keeps the least recently used first.
  const buckets = new Map<string, { tokens: number; at: number }>()
  /** `key`'s bucket, refilled up to now and marked as the most recently used. */
  function bucket(key: string): { tokens: number; at: number } {
    const t = now()
    const b = buckets.get(key) ?? { tokens: limit.burst, at: t }
    b.tokens = Math.min(limit.burst, b.tokens + ((t - b.at) / 1000) * limit.perSecond)
    b.at = t
    buckets.delete(key)
    buckets.set(key, b)
    if (buckets.size > maxKeys) buckets.delete(buckets.keys().next().value as string)
    return b
  }
  const waitFor = (b: { tokens: number }) => (b.tokens >= 1 ? 0 : Math.ceil(((1 - b.tokens) / limit.perSecond) * 1000))
  return {
    take(key) {
      const b = bucket(key)
      const ms = waitFor(b)
      if (ms === 0) b.tokens -= 1
      return ms
    },
    wait: (key) => waitFor(bucket(key)),
    refund(key) {
      const b = bucket(key)
      b.tokens = Math.min(limit.burst, b.tokens + 1)
    },
  }
}
