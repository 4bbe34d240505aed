import type { ReactNode } from 'react'
import { folderName, sameAddress, type BatteryModel } from './battery'
import { alertKindLabel, batteryStatusLabel, formatDuration, formatECoin, formatKWh, formatTime, unitName } from './format'
import { RepairFileButton } from './RepairFileButton'
import { passportHref } from '../passport/passportHash'
import { useNames } from './names'
import { SocBar } from './SocBar'

/**
 * A battery: brand and id, status, SOC bar, energy and price, who holds and owns it, its static info (fixed at
 * manufacture) and dynamic info (usage), its alerts, and whatever actions the view adds as children.
 */
export function BatteryCard(props: {
  battery: BatteryModel
  /** The viewer's address, to mark "you" as owner. */
  me?: string
  /** Defaults to `battery-<id>`; pass another prefix where the same battery could appear twice on a page. */
  testId?: string
  /** Put `owner-<id>` on the owner field (only for the page's main list, so it stays unique). */
  ownerTestId?: boolean
  compact?: boolean
  /** Highlighted as the current choice (a station battery picked for a swap). */
  chosen?: boolean
  children?: ReactNode
}) {
  const b = props.battery
  const names = useNames()
  const testId = props.testId ?? (b.id !== null ? `battery-${b.id}` : `battery-folder-${folderName(b.folder ?? '')}`)
  const alerting = b.alerts.length > 0
  // A file update gives the owner as the file holds it (an address, or 'none'): a person reads a name.
  const ownerName = (v: string) => (v.startsWith('0x') ? names.name(v) : 'nobody')
  const s = b.staticInfo
  return (
    <article className={`card battery${alerting ? ' has-alert' : ''}${props.compact ? ' compact' : ''}${props.chosen ? ' chosen' : ''}`} data-testid={testId} data-battery-id={b.id ?? ''} data-brand={b.brand}>
      <header className="battery-head">
        <h3>
          <span className="brand">{b.brand}</span> {b.id !== null ? <span className="battery-id">#{b.id}</span> : <span className="muted">(not registered yet)</span>}
        </h3>
        <span className="battery-head-side">
          {b.id !== null && b.source === 'chain' && (
            <a className="passport-link" href={passportHref(b.id)} data-testid="passport-link" title={`Battery ${b.id}'s passport: ratings, state of health, cycles`}>
              Passport
            </a>
          )}
          {b.health?.exhausted && (
            <span className="chip status-Recycled" data-testid="battery-exhausted" title="Its state of health is under its exhaustion threshold: it is not offered for a swap">
              Worn out
            </span>
          )}
          <span className={`chip status-${b.status}`} data-testid="battery-status">
            {b.status === 'Unregistered' ? 'Registering' : b.source === 'file' ? 'Not on chain' : (batteryStatusLabel[b.status] ?? b.status)}
          </span>
        </span>
      </header>
      <SocBar permille={b.socPermille} label={`${b.brand} state of charge`} />
      <dl className="kv">
        <dt>Energy</dt>
        <dd data-testid="battery-energy">{formatKWh(b.energyWh)}</dd>
        <dt>Price</dt>
        <dd data-testid="battery-price" data-cents={b.price ?? ''}>
          {b.price === null ? '—' : formatECoin(b.price)}
        </dd>
        {b.health && b.health.stateOfCertifiedEnergyPermille !== null && (
          <>
            <dt>Health</dt>
            <dd data-testid="battery-health">{(b.health.stateOfCertifiedEnergyPermille / 10).toFixed(1)} %</dd>
          </>
        )}
        <dt>Owner</dt>
        <dd {...(props.ownerTestId && b.id !== null ? { 'data-testid': `owner-${b.id}` } : {})} data-owner={b.owner ?? ''} data-holder={b.holder ?? ''} title={b.owner ?? undefined}>
          {!b.owner ? 'nobody yet' : names.name(b.owner)}
          {sameAddress(b.owner, props.me) && <span className="you"> (you)</span>}
          {b.source === 'file' && b.owner && <span className="muted"> (says its USB file)</span>}
        </dd>
        {b.holder !== null && (
          <>
            <dt>Held by</dt>
            <dd data-testid="battery-holder">{unitName(b.holder)}</dd>
          </>
        )}
        {b.folder && (
          <>
            <dt>USB disk</dt>
            <dd className="mono">{folderName(b.folder)}</dd>
          </>
        )}
      </dl>
      {b.source === 'file' && b.id !== null && <p className="muted small">Numbers from the USB file: the chain does not know this battery.</p>}
      {b.lastFileUpdate && (
        <p className="muted small" data-testid="last-file-update" title={formatTime(b.lastFileUpdate.at)}>
          USB file {b.lastFileUpdate.reason === 'user' ? 'rewritten from the chain as asked' : 'updated from the chain'}, {formatTime(b.lastFileUpdate.at)}:{' '}
          {b.lastFileUpdate.changes.length
            ? b.lastFileUpdate.changes
                .map((c) => (c.field === 'ownerAddress' ? `owner ${ownerName(c.file)} → ${ownerName(c.chain)}` : `${c.label} ${c.file} → ${c.chain}`))
                .join(', ')
            : b.lastFileUpdate.message}
        </p>
      )}
      {!props.compact && (
        <details className="battery-details">
          <summary>Details</summary>
          <div className="details-cols">
            <div>
              <h4>Static info</h4>
              <dl className="kv">
                <dt>Manufactured</dt>
                <dd>
                  {s.manufactureYear}-{String(s.manufactureMonth).padStart(2, '0')}
                </dd>
                <dt>Manufacture price</dt>
                <dd>{formatECoin(s.manufacturePrice)}</dd>
                <dt>Life</dt>
                <dd>{s.maxYearLimited} years</dd>
                <dt>Max charging time</dt>
                <dd>{formatDuration(s.maxChargingTotalTime)}</dd>
                <dt>Max discharging time</dt>
                <dd>{formatDuration(s.maxDischargingTotalTime)}</dd>
              </dl>
            </div>
            <div>
              <h4>Usage (dynamic info)</h4>
              <dl className="kv">
                <dt>Charges</dt>
                <dd>
                  {b.chargingCount} / {s.maxChargingCount}
                </dd>
                <dt>Discharges</dt>
                <dd>
                  {b.dischargingCount} / {s.maxDischargingCount}
                </dd>
                <dt>Charging time</dt>
                <dd>{formatDuration(b.chargingTotalTime)}</dd>
                <dt>Discharging time</dt>
                <dd>{formatDuration(b.dischargingTotalTime)}</dd>
              </dl>
            </div>
          </div>
        </details>
      )}
      {alerting && (
        <ul className="battery-alerts">
          {b.alerts.map((a) => (
            <li key={a.kind} data-kind={a.kind}>
              <strong>{alertKindLabel[a.kind] ?? a.kind}:</strong> {a.message}
              {a.kind === 'stale_file' && b.id !== null && b.folder && <RepairFileButton batteryId={b.id} />}
            </li>
          ))}
        </ul>
      )}
      {props.children && <div className="battery-actions">{props.children}</div>}
    </article>
  )
}

/** A battery that could not be read at all (its file is broken): only the folder and the alert. */
export function BrokenBatteryCard(props: { folder: string; alerts: { kind: string; message: string }[] }) {
  return (
    <article className="card battery has-alert" data-testid={`battery-folder-${folderName(props.folder)}`}>
      <header className="battery-head">
        <h3 className="mono">{folderName(props.folder)}</h3>
        <span className="chip status-Recycled">Unreadable</span>
      </header>
      <ul className="battery-alerts">
        {props.alerts.map((a) => (
          <li key={a.kind}>
            <strong>{alertKindLabel[a.kind] ?? a.kind}:</strong> {a.message}
          </li>
        ))}
      </ul>
    </article>
  )
}
