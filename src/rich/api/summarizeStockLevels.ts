import type { batteryStatusNames } from '../../sdk/enums.js'

/** A battery of a station's stock as the dashboard sorts it: its charge (chain read) and health (index). */
export type StockBattery = {
  id: number
  status: (typeof batteryStatusNames)[number]
  socPermille: number
  energyWh: number
  passport: boolean
  sohPermille: number | null
}

/** How many batteries fall in a range [fromPermille, toPermille) of a percentage, or in a named group. */
export type StockBucket = { label: string; fromPermille: number | null; toPermille: number | null; count: number }

export type StockLevels = {
  /** Batteries in stock (in service or promised to a pending swap; recycled ones are not stock). */
  total: number
  soc: StockBucket[]
  soh: StockBucket[]
  /** In service, under 80 % charged: what the operator should put on a charger next, emptiest first. */
  waiting: { id: number; socPermille: number; energyWh: number }[]
}

/** Below this state of charge a battery in service is waiting to be charged (80 %, as EVs expect). */
export const CHARGED_PERMILLE = 800

const SOC_RANGES: [string, number, number][] = [
  ['0–20 %', 0, 200],
  ['20–50 %', 200, 500],
  ['50–80 %', 500, 800],
  ['80–100 %', 800, 1001],
]
// Under 70 % is where batteries are commonly taken out of EVs; the passport's threshold varies by model.
const SOH_RANGES: [string, number, number][] = [
  ['under 70 %', 0, 700],
  ['70–80 %', 700, 800],
  ['80–90 %', 800, 900],
  ['90–100 %', 900, Number.MAX_SAFE_INTEGER],
]

/**
 * A station's stock by state of charge and by state of health, and the batteries waiting to be charged.
 * Health groups add "not reported" (a passport but no reading of the remaining energy) and "no passport".
 *
 * @example
 * summarizeStockLevels([{ id: 1, status: 'InService', socPermille: 150, energyWh: 9000, passport: false, sohPermille: null }])
 * // { total: 1, soc: [{ label: '0–20 %', count: 1, ... }, ...], soh: [..., { label: 'no passport', count: 1, ... }], waiting: [{ id: 1, socPermille: 150, energyWh: 9000 }] }
 */
export function summarizeStockLevels(batteries: readonly StockBattery[]): StockLevels {
  const stock = batteries.filter((b) => b.status === 'InService' || b.status === 'SwapPending')
  const inRange = (v: number, from: number, to: number) => v >= from && v < to
  const soc = SOC_RANGES.map(([label, from, to]) => ({ label, fromPermille: from, toPermille: Math.min(to, 1000), count: stock.filter((b) => inRange(b.socPermille, from, to)).length }))
  const soh: StockBucket[] = SOH_RANGES.map(([label, from, to]) => ({
    label,
    fromPermille: from,
    toPermille: to === Number.MAX_SAFE_INTEGER ? null : to,
    count: stock.filter((b) => b.sohPermille !== null && inRange(b.sohPermille, from, to)).length,
  }))
  soh.push({ label: 'not reported', fromPermille: null, toPermille: null, count: stock.filter((b) => b.passport && b.sohPermille === null).length })
  soh.push({ label: 'no passport', fromPermille: null, toPermille: null, count: stock.filter((b) => !b.passport).length })
  const waiting = stock
    .filter((b) => b.status === 'InService' && b.socPermille < CHARGED_PERMILLE)
    .sort((a, b) => a.socPermille - b.socPermille || a.id - b.id)
    .map(({ id, socPermille, energyWh }) => ({ id, socPermille, energyWh }))
  return { total: stock.length, soc, soh, waiting }
}
