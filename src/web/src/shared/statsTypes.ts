import type { Cents } from './types'

/** Swap requests by what became of them. */
export type SwapCounts = { requested: number; approved: number; denied: number; cancelled: number; pending: number }

/** `GET /api/stats/swaps-by-hour`: one of 24 rows. */
export type SwapHour = SwapCounts & { hour: number }

/** `GET /api/stats/swaps-by-day`: a station's day that had swaps. */
export type SwapDay = SwapCounts & { day: string; stationUnit: number }

/** `GET /api/stats/ecoin-by-day`: what one kind of movement brought and took on one day (cents, both ≥ 0). */
export type LedgerDay = { day: string; kind: string; in: Cents; out: Cents }

/** A range of a percentage (permille, the upper bound excluded) or a named group, and how many batteries are in it. */
export type StockBucket = { label: string; fromPermille: number | null; toPermille: number | null; count: number }

/** `GET /api/stats/stock-levels` */
export type StockLevels = { total: number; soc: StockBucket[]; soh: StockBucket[]; waiting: { id: number; socPermille: number; energyWh: number }[] }

/** `GET /api/stats/day-swaps`: a swap of the day with its terms (cents). */
export type DaySwap = {
  id: number
  requestedAt: number
  evUnit: number
  ev: string
  stationUnit: number
  evBatteryId: number
  stationBatteryId: number
  status: 'None' | 'Pending' | 'Approved' | 'Denied' | 'Cancelled'
  difference: Cents
  fee: Cents
  amount: Cents
}
