/** Today as a UTC day, YYYY-MM-DD: the chain's days are UTC, whatever the operator's time zone. */
export function todayUtc(now = Date.now()): string {
  return new Date(now).toISOString().slice(0, 10)
}

/**
 * The `count` UTC days that end with `last` (included), oldest first.
 *
 * @example
 * utcDaysEnding('2026-12-04', 3) // ['2026-12-02', '2026-12-03', '2026-12-04']
 */
export function utcDaysEnding(last: string, count: number): string[] {
  const end = Date.parse(`${last}T00:00:00Z`)
  return Array.from({ length: count }, (_, i) => new Date(end - (count - 1 - i) * 86_400_000).toISOString().slice(0, 10))
}

/** "2026-12-04" → "4 Dec": short enough for 30 labels under a chart. */
export function shortDay(day: string): string {
  return new Date(`${day}T00:00:00Z`).toLocaleDateString('en-GB', { day: 'numeric', month: 'short', timeZone: 'UTC' })
}
