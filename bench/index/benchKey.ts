import { keccak256, toHex, type Hex } from 'viem'

/**
 * The private key of simulated device `i` of `kind`, derived from its name: a rerun of the benchmark (or its
 * load phase, on a cached chain) signs for the same accounts without storing a key anywhere. Bench only:
 * anyone can derive them.
 *
 * @example
 * benchKey('ev', 12) // 0x…, the same on every run
 */
export function benchKey(kind: 'ev' | 'station', i: number): Hex {
  return keccak256(toHex(`evswap-bench-index:${kind}:${i}`))
}
