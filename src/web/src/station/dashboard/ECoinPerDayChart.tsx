import type { ChartDataset } from 'chart.js'
import { Bar } from 'react-chartjs-2'
import { formatECoin, toCents } from '../../shared/format'
import type { LedgerDay } from '../../shared/statsTypes'
import { barOptions } from './barOptions'
import { KIND_COLORS } from './chartColors'
import { ChartFigure } from './ChartFigure'
import { registerDashboardCharts } from './registerDashboardCharts'
import { shortDay } from './utcDays'

registerDashboardCharts()

/** Cents to E-coin for the canvas (a double is exact enough for a bar's height; the figures stay exact). */
const eCoin = (cents: bigint) => Number(cents) / 100
/** "1234" → "12.34": the figures' cells, in E-coin without the unit (the column says it). */
const plain = (cents: bigint) => formatECoin(cents).replace(' E-coin', '')

/**
 * The station account's E-coin in and out per UTC day, each a bar stacked by kind of movement (swap
 * settlements, fees, refunds...): in on the left of each day, out on the right. The figures give each day's
 * totals in and out, in E-coin.
 *
 * @example
 * <ECoinPerDayChart days={utcDaysEnding(today, 30)} rows={await api.stats.eCoinByDay(unit, from, to)} />
 */
export function ECoinPerDayChart(props: { days: string[]; rows: LedgerDay[] }) {
  const kinds = [...new Set(props.rows.map((r) => r.kind))].sort()
  const cell = (day: string, kind: string, side: 'in' | 'out') => toCents(props.rows.find((r) => r.day === day && r.kind === kind)?.[side] ?? '0') ?? 0n
  const datasets: ChartDataset<'bar', number[]>[] = []
  for (const side of ['in', 'out'] as const) {
    for (const kind of kinds) {
      const data = props.days.map((d) => cell(d, kind, side))
      if (data.every((v) => v === 0n)) continue
      const color = KIND_COLORS[kind] ?? '#718096'
      datasets.push({ label: `${kind} ${side}`, data: data.map(eCoin), stack: side, backgroundColor: side === 'in' ? color : `${color}99`, borderColor: color, borderWidth: side === 'out' ? 1 : 0 })
    }
  }
  const totals = props.days.map((d) => kinds.reduce((t, k) => ({ in: t.in + cell(d, k, 'in'), out: t.out + cell(d, k, 'out') }), { in: 0n, out: 0n }))
  const sum = totals.reduce((t, x) => ({ in: t.in + x.in, out: t.out + x.out }), { in: 0n, out: 0n })
  return (
    <ChartFigure
      testId="chart-ecoin-per-day"
      title="E-coin in and out per day"
      note={`in ${formatECoin(sum.in)}, out ${formatECoin(sum.out)}`}
      table={{ category: 'Day (UTC)', series: ['in (E-coin)', 'out (E-coin)'], rows: props.days.map((d, i) => ({ label: d, values: [plain(totals[i]!.in), plain(totals[i]!.out)] })) }}
    >
      <Bar data={{ labels: props.days.map(shortDay), datasets }} options={barOptions({ stacked: true, yTitle: 'E-coin', integers: false })} aria-label="E-coin in and out per day, by kind" role="img" />
    </ChartFigure>
  )
}
