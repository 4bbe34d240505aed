import type { Cents } from './types'

export const STATION_FLAG = 0x80000000

/** 12500 → "12.5 kWh" */
export function formatKWh(wh: number | null | undefined): string {
  if (wh === null || wh === undefined || !Number.isFinite(wh)) return '—'
  return `${(wh / 1000).toFixed(1)} kWh`
}

/** 600 → "60.0 %" */
export function formatPercent(permille: number | null | undefined): string {
  if (permille === null || permille === undefined || !Number.isFinite(permille)) return '—'
  return `${(permille / 10).toFixed(1)} %`
}

/** "16400" → "164.00 E-coin"; "-250" → "-2.50 E-coin". Exact (bigint), whatever the size. */
export function formatECoin(cents: Cents | number | bigint | null | undefined): string {
  const v = toCents(cents)
  if (v === null) return '—'
  const neg = v < 0n
  const abs = neg ? -v : v
  return `${neg ? '-' : ''}${(abs / 100n).toString()}.${(abs % 100n).toString().padStart(2, '0')} E-coin`
}

/** The size of an amount, without its sign: "-6343" → "63.43 E-coin" (for sentences that say who pays whom). */
export function formatECoinAbs(cents: Cents | number | bigint | null | undefined): string {
  const v = toCents(cents)
  return formatECoin(v === null ? null : v < 0n ? -v : v)
}

/** Cents as a bigint, or null when not a whole number. */
export function toCents(cents: Cents | number | bigint | null | undefined): bigint | null {
  if (cents === null || cents === undefined) return null
  if (typeof cents === 'bigint') return cents
  if (typeof cents === 'number') return Number.isSafeInteger(cents) ? BigInt(cents) : null
  return /^-?\d+$/.test(cents.trim()) ? BigInt(cents.trim()) : null
}

/** "12.5" (E-coin, at most 2 decimals) → "1250" (cents); null when it is not such a number. */
export function parseECoin(text: string): Cents | null {
  const m = /^\s*(\d+)(?:[.,](\d{0,2}))?\s*$/.exec(text)
  if (!m) return null
  return (BigInt(m[1]!) * 100n + BigInt((m[2] ?? '').padEnd(2, '0') || '0')).toString()
}

/** 1 → "EV 1"; 0x80000002 → "station 2"; 0 → "nobody" */
export function unitName(unit: number | null | undefined): string {
  if (unit === null || unit === undefined || !Number.isFinite(unit)) return '—'
  if (unit === 0) return 'nobody'
  const u = unit >>> 0
  return (u & STATION_FLAG) !== 0 ? `station ${(u & ~STATION_FLAG) >>> 0}` : `EV ${u}`
}

export function stationUnit(stationId: number): number {
  return (STATION_FLAG | stationId) >>> 0
}

/** 0x1234567890abcdef… → "0x1234…cdef" */
export function shortHex(hex: string | null | undefined, keep = 4): string {
  if (!hex) return '—'
  return hex.length <= 2 + keep * 2 + 1 ? hex : `${hex.slice(0, 2 + keep)}…${hex.slice(-keep)}`
}

/**
 * A duration in the one unit the GUI uses for time, hours and minutes: 5400 → "1 h 30 min", 2700 → "45 min",
 * 7200 → "2 h", 0 → "0 min". Seconds are rounded to the minute (the chain keeps seconds, the file hours).
 */
export function formatDuration(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined || !Number.isFinite(seconds)) return '—'
  const minutes = Math.round(Math.abs(seconds) / 60)
  const h = Math.floor(minutes / 60)
  const m = minutes % 60
  if (h === 0) return `${m} min`
  return m === 0 ? `${h} h` : `${h} h ${m} min`
}

/** 1234 → "1234 ms"; 12345 → "12.3 s" */
export function formatMs(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return '—'
  return ms < 10_000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`
}

/** A unix time (seconds or ms) as local date and time. */
export function formatTime(t: number | string | null | undefined): string {
  if (t === null || t === undefined || t === '') return '—'
  const n = Number(t)
  if (!Number.isFinite(n) || n <= 0) return '—'
  const d = new Date(n < 1e12 ? n * 1000 : n)
  return d.toLocaleString(undefined, { year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', second: '2-digit' })
}

export const roleLabel: Record<string, string> = {
  EVOwner: 'EV owner',
  StationOperator: 'Station operator',
  None: 'Unregistered',
}

export const alertKindLabel: Record<string, string> = {
  held_elsewhere: 'Held by someone else',
  static_mismatch: 'Static info mismatch',
  unknown_battery: 'Unknown battery',
  stale_file: 'File differs from the chain',
  missing_file: 'Battery file missing',
  invalid_file: 'Invalid battery file',
  unregistered_device: 'Device not registered',
  station_lied: 'A station lied',
}

export const batteryStatusLabel: Record<string, string> = {
  None: 'Unknown',
  InService: 'In service',
  SwapPending: 'Swap pending',
  Recycled: 'Recycled',
}

/** When a hold ends, as a person reads it: "until 14:05 (12 min left)"; "ran out" once past. */
export function formatHoldEnd(until: number, nowMs = Date.now()): string {
  const left = until - nowMs / 1000
  const at = new Date(until * 1000).toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })
  return left <= 0 ? `ran out at ${at}` : `until ${at} (${left < 60 ? 'under a minute' : formatDuration(left)} left)`
}
