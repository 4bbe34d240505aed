import { Bar } from 'react-chartjs-2'
import type { SwapHour } from '../../shared/statsTypes'
import { barOptions } from './barOptions'
import { ChartFigure } from './ChartFigure'
import { OUTCOMES, outcomeSeries } from './outcomeSeries'
import { registerDashboardCharts } from './registerDashboardCharts'

registerDashboardCharts()

const hourLabel = (h: number) => `${String(h).padStart(2, '0')}:00`

/**
 * The day's swap requests hour by hour (UTC), stacked by outcome.
 *
 * @example
 * <SwapsPerHourChart day="2026-12-04" hours={await api.stats.swapsByHour(unit, '2026-12-04')} />
 */
export function SwapsPerHourChart(props: { day: string; hours: SwapHour[] }) {
  const labels = props.hours.map((h) => hourLabel(h.hour))
  const total = props.hours.reduce((n, h) => n + h.requested, 0)
  return (
    <ChartFigure
      testId="chart-swaps-per-hour"
      title="Swaps per hour"
      note={`${props.day} (UTC): ${total} requested`}
      table={{ category: 'Hour (UTC)', series: [...OUTCOMES], rows: props.hours.map((h) => ({ label: hourLabel(h.hour), values: OUTCOMES.map((o) => h[o]) })) }}
    >
      <Bar data={{ labels, datasets: outcomeSeries(props.hours) }} options={barOptions({ stacked: true, yTitle: 'swaps' })} aria-label={`Swaps per hour on ${props.day}, by outcome`} role="img" />
    </ChartFigure>
  )
}
