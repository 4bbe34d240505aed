import { CategoryScale, Chart as ChartJS, Legend, LinearScale, LineElement, PointElement, Tooltip, type ChartData, type ChartOptions } from 'chart.js'
import { Line } from 'react-chartjs-2'
import type { PassportHistoryEntry } from './passportDoc'
import { formatIsoTime } from './passportFormat'
import { usePrefersDark } from './usePrefersDark'

// Only what a line chart on category labels needs.
ChartJS.register(CategoryScale, LinearScale, PointElement, LineElement, Tooltip, Legend)

/** The page's colours (light or dark theme): health in the accent, the threshold in the danger colour, muted axes. */
function themeColors(): { health: string; threshold: string; text: string; grid: string } {
  const css = getComputedStyle(document.documentElement)
  const v = (name: string, fallback: string) => css.getPropertyValue(name).trim() || fallback
  return { health: v('--accent', '#2f855a'), threshold: v('--danger', '#c53030'), text: v('--muted', '#5a6577'), grid: v('--border', '#d9dee5') }
}

/** Short labels for the x axis: with seconds when the readings fall within a day, else the date. */
function labelsOf(times: string[]): string[] {
  const ms = times.map((t) => new Date(t).getTime())
  const span = ms.length ? Math.max(...ms) - Math.min(...ms) : 0
  const o: Intl.DateTimeFormatOptions = span < 86_400_000 ? { hour: '2-digit', minute: '2-digit', second: '2-digit' } : { year: '2-digit', month: 'short', day: 'numeric' }
  return ms.map((m) => new Date(m).toLocaleString(undefined, o))
}

/**
 * State of health (state of certified energy, %) at each condition reading, oldest first, with the
 * exhaustion threshold as a dashed line; the same points as a table for screen readers and tests.
 */
export function SohChart(props: { history: PassportHistoryEntry[]; threshold: number | null }) {
  const h = props.history
  const labels = labelsOf(h.map((e) => e.lastUpdate))
  const values = h.map((e) => e.stateOfCertifiedEnergyValue)
  const low = Math.min(...values, props.threshold ?? 100)
  // Read again when the theme changes: the colours are the CSS variables of the theme in force.
  const dark = usePrefersDark()
  const { health, threshold, text, grid } = themeColors()
  const data: ChartData<'line', number[], string> = {
    labels,
    datasets: [
      { label: 'State of health %', data: values, borderColor: health, backgroundColor: health, pointRadius: 4, tension: 0.2 },
      ...(props.threshold === null
        ? []
        : [{ label: `Exhausted below ${props.threshold} %`, data: labels.map(() => props.threshold as number), borderColor: threshold, backgroundColor: threshold, borderDash: [6, 4], borderWidth: 2, pointRadius: 0 }]),
    ],
  }
  const options: ChartOptions<'line'> = {
    responsive: true,
    maintainAspectRatio: false,
    animation: false,
    color: text,
    scales: {
      y: { min: Math.max(0, Math.floor((low - 5) / 10) * 10), max: 100, title: { display: true, text: '%', color: text }, ticks: { color: text }, grid: { color: grid } },
      x: { ticks: { maxRotation: 0, autoSkip: true, color: text }, grid: { color: grid } },
    },
    plugins: { legend: { position: 'bottom', labels: { boxHeight: 2 } }, tooltip: { callbacks: { title: (items) => formatIsoTime(h[items[0]?.dataIndex ?? 0]?.lastUpdate ?? '') } } },
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
