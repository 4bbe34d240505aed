import type { ChartOptions } from 'chart.js'
import { axisColors } from './chartColors'

/**
 * Options of the dashboard's bar charts: stacked or not, whole numbers on the y axis for counts, every
 * category labelled or some skipped, no
 * animation (a chart that refreshes on every chain event would never sit still), sized by its box.
 *
 * @example
 * <Bar data={data} options={barOptions({ stacked: true, yTitle: 'swaps' })} />
 */
export function barOptions(o: { stacked: boolean; yTitle: string; integers?: boolean; legend?: boolean; everyLabel?: boolean }): ChartOptions<'bar'> {
  const { text, grid } = axisColors()
  return {
    animation: false,
    responsive: true,
    maintainAspectRatio: false,
    plugins: { legend: { display: o.legend ?? true, position: 'bottom', labels: { color: text, boxWidth: 12 } } },
    scales: {
      // Hours and days may skip labels; buckets must not (a bar without its label is a bar nobody can read).
      x: { stacked: o.stacked, ticks: { color: text, autoSkip: !o.everyLabel, maxRotation: o.everyLabel ? 45 : 0 }, grid: { display: false } },
      y: {
        stacked: o.stacked,
        beginAtZero: true,
        title: { display: true, text: o.yTitle, color: text },
        ticks: { color: text, ...(o.integers ?? true ? { precision: 0 } : {}) },
        grid: { color: grid },
      },
    },
  }
}
