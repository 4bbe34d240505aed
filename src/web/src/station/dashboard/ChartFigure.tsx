import type { ReactNode } from 'react'

/** The numbers a chart plots: one row per category (an hour, a day, a bucket), one column per series. */
export type ChartTable = { category: string; series: string[]; rows: { label: string; values: (number | string)[] }[] }

/**
 * A chart with its numbers: the canvas for the eye, and the same figures as a table (folded, under
 * "Figures") for a screen reader, a copy into a spreadsheet, and a test that checks what is plotted. Each
 * cell carries `data-row` and `data-series`.
 *
 * @example
 * <ChartFigure testId="chart-swaps-hour" title="Swaps per hour" table={{ category: 'Hour', series: ['approved'], rows }}><Bar ... /></ChartFigure>
 */
export function ChartFigure(props: { testId: string; title: string; note?: ReactNode; table: ChartTable; children: ReactNode }) {
  return (
    <figure className="chart-figure" data-testid={props.testId}>
      <figcaption>
        <strong>{props.title}</strong>
        {props.note && <span className="muted small"> {props.note}</span>}
      </figcaption>
      <div className="chart-box">{props.children}</div>
      <details className="chart-figures">
        <summary className="small">Figures</summary>
        <table className="chart-table">
          <thead>
            <tr>
              <th scope="col">{props.table.category}</th>
              {props.table.series.map((s) => (
                <th scope="col" key={s}>
                  {s}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {props.table.rows.map((r) => (
              <tr key={r.label} data-row={r.label}>
                <th scope="row">{r.label}</th>
                {r.values.map((v, i) => (
                  <td key={props.table.series[i]} className="num" data-row={r.label} data-series={props.table.series[i]}>
                    {v}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </figure>
  )
}
