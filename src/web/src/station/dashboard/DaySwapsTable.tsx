import { formatECoin } from '../../shared/format'
import type { DaySwap } from '../../shared/statsTypes'

const OUTCOME_WORDS: Record<DaySwap['status'], string> = { None: 'unknown', Pending: 'pending', Approved: 'approved', Denied: 'denied', Cancelled: 'cancelled' }
const timeUtc = (seconds: number) => new Date(seconds * 1000).toISOString().slice(11, 16)

/**
 * The day's swaps, oldest first: when (UTC), the EV, both batteries, the outcome and the terms in E-coin
 * (the difference the station receives, the fee, and the amount the EV pays in all), with the CSV of the
 * same rows to download.
 *
 * @example
 * <DaySwapsTable day="2026-12-04" swaps={swaps} csvUrl={api.stats.swapsCsvUrl(unit, '2026-12-04')} />
 */
export function DaySwapsTable(props: { day: string; swaps: DaySwap[]; csvUrl: string }) {
  return (
    <div className="day-swaps" data-testid="day-swaps">
      <div className="section-head">
        <strong>
          Swaps of {props.day} (UTC): {props.swaps.length}
        </strong>
        <a className="button secondary" href={props.csvUrl} download data-testid="day-swaps-csv">
          Download CSV
        </a>
      </div>
      {props.swaps.length === 0 ? (
        <p className="muted">No swap was requested at this station on {props.day}.</p>
      ) : (
        <div className="table-scroll">
          <table className="chart-table">
            <thead>
              <tr>
                <th scope="col">Time</th>
                <th scope="col">EV</th>
                <th scope="col">EV battery</th>
                <th scope="col">Station battery</th>
                <th scope="col">Outcome</th>
                <th scope="col" className="num" title="what the station receives; negative: what it pays the EV">
                  Difference
                </th>
                <th scope="col" className="num">
                  Fee
                </th>
                <th scope="col" className="num" title="difference plus fee: what the EV pays in all">
                  Amount
                </th>
              </tr>
            </thead>
            <tbody>
              {props.swaps.map((s) => (
                <tr key={s.id} data-swap-id={s.id} data-status={s.status}>
                  <td>{timeUtc(s.requestedAt)}</td>
                  <td>{s.ev}</td>
                  <td>{s.evBatteryId}</td>
                  <td>{s.stationBatteryId}</td>
                  <td>{OUTCOME_WORDS[s.status]}</td>
                  <td className="num">{formatECoin(s.difference)}</td>
                  <td className="num">{formatECoin(s.fee)}</td>
                  <td className="num" data-amount={s.amount}>
                    {formatECoin(s.amount)}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  )
}
