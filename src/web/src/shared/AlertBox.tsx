import { alertKindLabel, formatTime } from './format'
import type { Alert } from './types'

/**
 * The paper's pop-up: every inconsistency between the USB batteries and the chain, in a banner that
 * stays on top until the consistency check finds none (e.g. until the swapped USB disks are exchanged).
 */
export function AlertBox(props: { alerts: Alert[] }) {
  const alerts = props.alerts
  if (alerts.length === 0) return null
  return (
    <section className="alert-box" role="alert" aria-live="assertive" data-testid="alert-box" data-count={alerts.length}>
      <h2>
        <span aria-hidden="true">⚠ </span>
        {alerts.length === 1 ? 'Inconsistency' : `${alerts.length} inconsistencies`} between the batteries and the chain
      </h2>
      <ul>
        {alerts.map((a) => (
          <li
            key={`${a.kind}:${a.folder}`}
            className={`alert-item kind-${a.kind}`}
            data-testid="alert-item"
            data-kind={a.kind}
            {...(a.batteryId !== undefined ? { 'data-battery': a.batteryId } : {})}
          >
            <span className="alert-kind">{alertKindLabel[a.kind] ?? a.kind}</span>
            <span className="alert-message">{a.message}</span>
            <span className="alert-meta">
              {a.batteryId !== undefined ? `battery ${a.batteryId} · ` : ''}USB {baseName(a.folder)} · since {formatTime(a.since)}
            </span>
          </li>
        ))}
      </ul>
    </section>
  )
}

function baseName(path: string): string {
  const parts = path.split(/[\\/]/).filter(Boolean)
  return parts[parts.length - 1] ?? path
}
