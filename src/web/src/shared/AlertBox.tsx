import { alertKindLabel, formatTime } from './format'
import type { Alert } from './types'

/**
 * The paper's pop-up: every inconsistency between the USB batteries and the chain, in a banner that
 * stays on top until the consistency check finds none (e.g. until the swapped USB disks are exchanged),
 * and every station caught lying to this device (`station_lied`, whose `folder` is the station's URL).
 */
export function AlertBox(props: { alerts: Alert[] }) {
  const alerts = props.alerts
  if (alerts.length === 0) return null
  return (
    <section className="alert-box" role="alert" aria-live="assertive" data-testid="alert-box" data-count={alerts.length}>
      <h2>
        <span aria-hidden="true">⚠ </span>
        {heading(alerts)}
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
              {a.batteryId !== undefined ? `battery ${a.batteryId} · ` : ''}
              {a.kind === 'station_lied' ? `station ${a.folder}` : `USB ${baseName(a.folder)}`} · since {formatTime(a.since)}
            </span>
          </li>
        ))}
      </ul>
    </section>
  )
}

function heading(alerts: Alert[]): string {
  const lies = alerts.filter((a) => a.kind === 'station_lied').length
  const others = alerts.length - lies
  const parts = [
    others === 0 ? '' : `${others === 1 ? 'Inconsistency' : `${others} inconsistencies`} between the batteries and the chain`,
    lies === 0 ? '' : `${lies === 1 ? 'a station' : `${lies} stations`} lied to this device`,
  ].filter(Boolean)
  const text = parts.join('; ')
  return text.charAt(0).toUpperCase() + text.slice(1)
}

function baseName(path: string): string {
  const parts = path.split(/[\\/]/).filter(Boolean)
  return parts[parts.length - 1] ?? path
}
