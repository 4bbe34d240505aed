import type { SwapWithTerms } from '../store/queries/queryDaySwaps.js'
import { describeUnit } from '../../sdk/units.js'

/** Cents as E-coin with 2 decimals and no unit, for a spreadsheet: -6343n → "-63.43". */
export function centsToECoinText(cents: bigint): string {
  const abs = cents < 0n ? -cents : cents
  return `${cents < 0n ? '-' : ''}${abs / 100n}.${(abs % 100n).toString().padStart(2, '0')}`
}

/** The columns of the day's swaps report; amounts in E-coin. */
export const SWAPS_CSV_HEADER = ['swap', 'requested (UTC)', 'EV', 'EV battery', 'station battery', 'outcome', 'difference (E-coin)', 'fee (E-coin)', 'amount (E-coin)'] as const

/**
 * A day's swaps as CSV (RFC 4180: comma-separated, CRLF, a header row): each swap's EV by name, both
 * battery ids, what became of it, and its terms in E-coin. The difference is what the station receives
 * (negative: what it pays the EV); the amount is the difference plus the fee, what the EV pays in all
 * (negative: what it receives in all). Denied, cancelled and pending swaps keep the terms they were asked
 * with, though no E-coin moved for them: the outcome column says which.
 *
 * @example
 * formatSwapsCsv([{ id: 4, evUnit: 3, evBatteryId: 7, stationBatteryId: 2, status: 'Approved', difference: 6343n, fee: 210n, requestedAt: 1796371200, ... }])
 * // 'swap,requested (UTC),EV,...\r\n4,2026-12-04 08:00:00,EV 3,7,2,Approved,63.43,2.10,65.53\r\n'
 */
export function formatSwapsCsv(swaps: readonly SwapWithTerms[]): string {
  const lines = [SWAPS_CSV_HEADER.map(quote).join(',')]
  for (const s of swaps) {
    const when = new Date(s.requestedAt * 1000).toISOString().slice(0, 19).replace('T', ' ')
    lines.push([String(s.id), when, describeUnit(s.evUnit), String(s.evBatteryId), String(s.stationBatteryId), s.status, centsToECoinText(s.difference), centsToECoinText(s.fee), centsToECoinText(s.difference + s.fee)].map(quote).join(','))
  }
  return lines.join('\r\n') + '\r\n'
}

/** A field quoted only when it must be (a comma, quote or line break in it). */
function quote(field: string): string {
  return /[",\r\n]/.test(field) ? `"${field.replaceAll('"', '""')}"` : field
}
