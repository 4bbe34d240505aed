/** A Map that keeps at most `max` entries, dropping the least recently written. */
export type LruMap<K, V> = {
  get(key: K): V | undefined
  set(key: K, value: V): void
  has(key: K): boolean
  readonly size: number
}

/**
 * Bounded map for relay results: a device asks for its result within seconds, so old results can go,
 * and a busy station must not grow without bound.
 *
 * @example
 * const results = createLruMap<string, RelayStatus>(100_000)
 */
export function createLruMap<K, V>(max: number): LruMap<K, V> {
  const map = new Map<K, V>()
  return {
    get: (key) => map.get(key),
    has: (key) => map.has(key),
    set(key, value) {
      map.delete(key)
      map.set(key, value)
      if (map.size > max) map.delete(map.keys().next().value as K)
    },
    get size() {
      return map.size
    },
  }
}
