import { Bar } from 'react-chartjs-2'
import type { SwapCounts, SwapDay } from '../../shared/statsTypes'
import { barOptions } from './barOptions'
import { ChartFigure } from './ChartFigure'
import { OUTCOMES, outcomeSeries } from './outcomeSeries'
import { registerDashboardCharts } from './registerDashboardCharts'
import { shortDay } from './utcDays'

registerDashboardCharts()

const NONE: SwapCounts = { requested: 0, approved: 0, denied: 0, cancelled: 0, pending: 0 }

/**
 * Swap requests per UTC day over `days` (the index answers only days that had swaps: the others are
 * zero), stacked by outcome.
 *
 * @example
 * <SwapsPerDayChart days={utcDaysEnding(today, 30)} rows={await api.stats.swapsByDay(unit, from, to)} />
 */
export function SwapsPerDayChart(props: { days: string[]; rows: SwapDay[] }) {
  const byDay = new Map(props.rows.map((r) => [r.day, r]))
  const counts = props.days.map((d) => byDay.get(d) ?? NONE)
  const total = counts.reduce((n, c) => n + c.requested, 0)
  return (
    <ChartFigure
      testId="chart-swaps-per-day"
      title="Swaps per day"
      note={`last ${props.days.length} days to ${props.days.at(-1)} (UTC): ${total} requested`}
      table={{ category: 'Day (UTC)', series: [...OUTCOMES], rows: props.days.map((d, i) => ({ label: d, values: OUTCOMES.map((o) => counts[i]![o]) })) }}
    >
      <Bar data={{ labels: props.days.map(shortDay), datasets: outcomeSeries(counts) }} options={barOptions({ stacked: true, yTitle: 'swaps' })} aria-label="Swaps per day, by outcome" role="img" />
    </ChartFigure>
  )
}
