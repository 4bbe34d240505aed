import { BarElement, CategoryScale, Chart, Legend, LinearScale, Tooltip } from 'chart.js'

let registered = false

/**
 * Registers with chart.js only what the dashboard's bar charts use (react-chartjs-2's `Bar` registers the
 * bar controller itself), so the bundle carries no other chart type. Safe to call more than once.
 *
 * @example
 * registerDashboardCharts() // before the first <Bar> renders
 */
export function registerDashboardCharts(): void {
  if (registered) return
  Chart.register(CategoryScale, LinearScale, BarElement, Tooltip, Legend)
  registered = true
}
