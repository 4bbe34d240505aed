import { Bar } from 'react-chartjs-2'
import type { StockBucket } from '../../shared/statsTypes'
import { barOptions } from './barOptions'
import { BUCKET_COLORS } from './chartColors'
import { ChartFigure } from './ChartFigure'
import { registerDashboardCharts } from './registerDashboardCharts'

registerDashboardCharts()

/**
 * The station's stock counted in buckets of a percentage (state of charge, or state of health with its
 * "not reported" and "no passport" groups): one bar per bucket.
 *
 * @example
 * <StockBucketChart testId="chart-stock-soc" title="Stock by state of charge" buckets={levels.soc} />
 */
export function StockBucketChart(props: { testId: string; title: string; note?: string; buckets: StockBucket[] }) {
  const labels = props.buckets.map((b) => b.label)
  return (
    <ChartFigure testId={props.testId} title={props.title} {...(props.note ? { note: props.note } : {})} table={{ category: 'Bucket', series: ['batteries'], rows: props.buckets.map((b) => ({ label: b.label, values: [b.count] })) }}>
      <Bar
        data={{ labels, datasets: [{ label: 'batteries', data: props.buckets.map((b) => b.count), backgroundColor: props.buckets.map((_, i) => BUCKET_COLORS[i % BUCKET_COLORS.length]!) }] }}
        options={barOptions({ stacked: false, yTitle: 'batteries', legend: false, everyLabel: true })}
        aria-label={props.title}
        role="img"
      />
    </ChartFigure>
  )
}
