import { formatKWh, formatPercent } from '../../shared/format'
import type { StockLevels } from '../../shared/statsTypes'

/**
 * The station's batteries in service under 80 % charged, emptiest first: what to put on a charger next.
 *
 * @example
 * <WaitingToCharge waiting={levels.waiting} />
 */
export function WaitingToCharge(props: { waiting: StockLevels['waiting'] }) {
  return (
    <div className="chart-figure" data-testid="waiting-to-charge">
      <strong>Waiting to be charged</strong>
      <span className="muted small"> in service, under 80 %</span>
      {props.waiting.length === 0 ? (
        <p className="muted">Every battery in service is charged to 80 % or more.</p>
      ) : (
        <ul className="rows waiting-list">
          {props.waiting.map((b) => (
            <li key={b.id} data-battery-id={b.id} data-soc-permille={b.socPermille}>
              Battery {b.id}: {formatPercent(b.socPermille)}, {formatKWh(b.energyWh)}
            </li>
          ))}
        </ul>
      )}
    </div>
  )
}
