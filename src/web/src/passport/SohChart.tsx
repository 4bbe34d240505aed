import { Chart as ChartJS, Legend, LinearScale, LineElement, PointElement, Tooltip, type ChartData, type ChartOptions } from 'chart.js'
import { Line } from 'react-chartjs-2'
import type { PassportHistoryEntry } from './passportDoc'
import { formatIsoTime } from './passportFormat'
import { usePrefersDark } from './usePrefersDark'

// Only what this chart needs: x is time in ms on a linear scale (no date adapter), so readings sit where they fall in time.
ChartJS.register(LinearScale, PointElement, LineElement, Tooltip, Legend)

/** The page's colours (light or dark theme): health in the accent, the threshold in the danger colour, muted axes. */
function themeColors(): { health: string; threshold: string; text: string; grid: string } {
  const css = getComputedStyle(document.documentElement)
  const v = (name: string, fallback: string) => css.getPropertyValue(name).trim() || fallback
  return { health: v('--accent', '#2f855a'), threshold: v('--danger', '#c53030'), text: v('--muted', '#5a6577'), grid: v('--border', '#d9dee5') }
}

/** A tick's label for the x axis: with seconds when the readings fall within a day, else the date. */
function tickFormat(spanMs: number): (ms: number) => string {
  const o: Intl.DateTimeFormatOptions = spanMs < 86_400_000 ? { hour: '2-digit', minute: '2-digit', second: '2-digit' } : { year: '2-digit', month: 'short', day: 'numeric' }
  return (ms) => new Date(ms).toLocaleString(undefined, o)
}

/**
 * State of health (state of certified energy, %) at each condition reading, oldest first, with the
 * exhaustion threshold as a dashed line; the same points as a table for screen readers and tests.
 */
export function SohChart(props: { history: PassportHistoryEntry[]; threshold: number | null }) {
  const h = props.history
  const values = h.map((e) => e.stateOfCertifiedEnergyValue)
  const points = h.map((e) => ({ x: new Date(e.lastUpdate).getTime(), y: e.stateOfCertifiedEnergyValue }))
  const first = points[0]?.x ?? 0
  const last = points[points.length - 1]?.x ?? 0
  const label = tickFormat(last - first)
  const low = Math.min(...values, props.threshold ?? 100)
  // Read again when the theme changes: the colours are the CSS variables of the theme in force.
  const dark = usePrefersDark()
  const { health, threshold, text, grid } = themeColors()
  const data: ChartData<'line', { x: number; y: number }[]> = {
    datasets: [
      { label: 'State of health %', data: points, borderColor: health, backgroundColor: health, pointRadius: 4, tension: 0.2, clip: false },
      ...(props.threshold === null
        ? []
        : [{ label: `Exhausted below ${props.threshold} %`, data: [{ x: first, y: props.threshold }, { x: last, y: props.threshold }], borderColor: threshold, backgroundColor: threshold, borderDash: [6, 4], borderWidth: 2, pointRadius: 0 }]),
    ],
  }
  const options: ChartOptions<'line'> = {
    responsive: true,
    maintainAspectRatio: false,
    animation: false,
    color: text,
    // Room for the first and last points, which sit on the ends of the time axis (drawn unclipped).
    layout: { padding: { left: 4, right: 8, top: 6 } },
    scales: {
      y: { min: Math.max(0, Math.floor((low - 5) / 10) * 10), max: 100, title: { display: true, text: '%', color: text }, ticks: { color: text }, grid: { color: grid } },
      x: {
        type: 'linear',
        // One reading: a little room either side, so its point is not on the edge.
        ...(first === last ? { min: first - 60_000, max: last + 60_000 } : { min: first, max: last }),
        ticks: { maxRotation: 0, autoSkip: true, maxTicksLimit: 4, color: text, callback: (v) => label(Number(v)) },
        grid: { color: grid },
      },
    },
    plugins: { legend: { position: 'bottom', labels: { boxHeight: 2 } }, tooltip: { callbacks: { title: (items) => (items[0] ? formatIsoTime(new Date(items[0].parsed.x ?? 0).toISOString()) : '') } } },
  }
  const summary = `State of health at ${h.length} reading${h.length === 1 ? '' : 's'}, from ${values[0]} % to ${values[values.length - 1]} %`
  return (
    <div className="soh-chart" data-testid="soh-chart" data-points={values.length} data-theme={dark ? 'dark' : 'light'}>
      <div className="soh-canvas">
        <Line data={data} options={options} aria-label={summary} role="img" />
      </div>
      <details className="soh-table">
        <summary>The readings as a table</summary>
        <table data-testid="soh-table">
          <thead>
            <tr>
              <th scope="col">Reading</th>
              <th scope="col">State of health</th>
            </tr>
          </thead>
          <tbody>
            {h.map((e, i) => (
              <tr key={`${e.lastUpdate}-${i}`} data-testid="soh-point">
                <td>{formatIsoTime(e.lastUpdate)}</td>
                <td>{e.stateOfCertifiedEnergyValue} %</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </div>
  )
}
