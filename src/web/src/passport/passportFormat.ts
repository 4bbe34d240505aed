import { isReported, type Reported } from './passportDoc'

export const NOT_REPORTED_TEXT = 'not reported'

/** A number in the reader's locale with its unit, or "not reported". */
export function formatReported(v: Reported<number> | undefined, unit: string, maxDecimals = 3): string {
  if (!isReported(v)) return NOT_REPORTED_TEXT
  return `${v.toLocaleString(undefined, { maximumFractionDigits: maxDecimals })}${unit ? ` ${unit}` : ''}`
}

/** An ISO 8601 time as local date and time; "—" when it is not one. */
export function formatIsoTime(iso: string): string {
  const d = new Date(iso)
  if (Number.isNaN(d.getTime())) return '—'
  return d.toLocaleString(undefined, { year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' })
}

/** The model's battery status ("Original", "Repurposed"...) in words for a person. */
export const batteryStatusWords: Record<string, string> = {
  Original: 'Original (first life)',
  Repurposed: 'Repurposed (second life, another use)',
  Reused: 'Reused (second life, same use)',
  Remanufactured: 'Remanufactured',
  Waste: 'Waste (end of life, for recycling)',
}

/** "2024-04" as "April 2024". */
export function formatMonth(yearMonth: string): string {
  const m = /^(\d{4})-(\d{2})$/.exec(yearMonth)
  if (!m) return yearMonth
  return new Date(Number(m[1]), Number(m[2]) - 1, 1).toLocaleDateString(undefined, { year: 'numeric', month: 'long' })
}
