/**
 * E-coin cents as a person reads them: 2 decimals and the unit. Exact for any size (bigint arithmetic).
 *
 * @example
 * formatECoin(81727n) // '817.27 E-coin'
 */
export function formatECoin(cents: bigint | number): string {
  const c = BigInt(cents)
  const abs = c < 0n ? -c : c
  return `${c < 0n ? '-' : ''}${abs / 100n}.${(abs % 100n).toString().padStart(2, '0')} E-coin`
}
