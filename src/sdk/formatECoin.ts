/**
 * E-coin cents in words, exactly (bigint, whatever the size): what every sentence a user reads says of an
 * amount, since cents never reach a person.
 *
 * @example
 * formatECoin(4210n) // "42.10 E-coin"
 * formatECoin(-250n) // "-2.50 E-coin"
 */
export function formatECoin(cents: bigint | number): string {
  const c = BigInt(cents)
  const abs = c < 0n ? -c : c
  return `${c < 0n ? '-' : ''}${abs / 100n}.${(abs % 100n).toString().padStart(2, '0')} E-coin`
}
