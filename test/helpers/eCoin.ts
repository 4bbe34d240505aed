/** Cents as the GUI writes E-coin, for matching screen text: 6343n → "63\.43 E-coin" (a RegExp source). */
export function eCoin(cents: bigint): string {
  const abs = cents < 0n ? -cents : cents
  return `${cents < 0n ? '-' : ''}${abs / 100n}\\.${(abs % 100n).toString().padStart(2, '0')} E-coin`
}
