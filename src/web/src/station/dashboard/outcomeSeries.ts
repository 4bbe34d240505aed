import type { ChartDataset } from 'chart.js'
import type { SwapCounts } from '../../shared/statsTypes'
import { OUTCOME_COLORS } from './chartColors'

/** The outcomes a swap chart stacks, in the order of the legend and of the figures' columns. */
export const OUTCOMES = ['approved', 'denied', 'cancelled', 'pending'] as const

/**
 * One stacked bar dataset per outcome, from counts in the order of the chart's labels.
 *
 * @example
 * outcomeSeries(hours) // [{ label: 'approved', data: [0, 2, ...], backgroundColor: '#38a169', stack: 'swaps' }, ...]
 */
export function outcomeSeries(counts: readonly SwapCounts[]): ChartDataset<'bar', number[]>[] {
  return OUTCOMES.map((o) => ({ label: o, data: counts.map((c) => c[o]), backgroundColor: OUTCOME_COLORS[o], stack: 'swaps' }))
}
