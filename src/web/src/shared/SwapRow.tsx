import type { ReactNode } from 'react'
import { formatECoin, formatPercent, shortHex, unitName } from './format'
import type { BatteryView, SwapView } from './types'

/** One swap request: which battery for which, the money involved, and the buttons the role gets. */
export function SwapRow(props: { swap: SwapView; batteries: Map<number, BatteryView>; children?: ReactNode }) {
  const s = props.swap
  const ev = props.batteries.get(s.evBatteryId)
  const st = props.batteries.get(s.stationBatteryId)
  return (
    <article className={`card swap swap-${s.status}`} data-testid={`swap-request-${s.id}`} data-status={s.status} data-ev-battery={s.evBatteryId} data-station-battery={s.stationBatteryId}>
      <header className="battery-head">
        <h3>Swap {s.id}</h3>
        <span className={`chip swap-status-${s.status}`}>{s.status}</span>
      </header>
      <div className="swap-pair">
        <div>
          <div className="muted small">EV gives</div>
          <div>
            <strong>{ev?.staticInfo.brand ?? 'battery'}</strong> #{s.evBatteryId}
          </div>
          {ev && <div className="muted small">{formatPercent(ev.dynamicInfo.socPermille)} · {formatECoin(ev.price)}</div>}
        </div>
        <div className="swap-arrow" aria-hidden="true">
          ⇄
        </div>
        <div>
          <div className="muted small">{unitName(s.stationUnit)} gives</div>
          <div>
            <strong>{st?.staticInfo.brand ?? 'battery'}</strong> #{s.stationBatteryId}
          </div>
          {st && <div className="muted small">{formatPercent(st.dynamicInfo.socPermille)} · {formatECoin(st.price)}</div>}
        </div>
      </div>
      <dl className="kv">
        <dt>EV owner</dt>
        <dd className="mono" title={s.evOwner}>
          {shortHex(s.evOwner)}
        </dd>
        <dt>Price difference</dt>
        <dd>{formatECoin(s.difference)}</dd>
        <dt>Fee</dt>
        <dd>{formatECoin(s.fee)}</dd>
        <dt>Escrow</dt>
        <dd>{formatECoin(s.escrow)}</dd>
      </dl>
      {props.children && <div className="button-row">{props.children}</div>}
    </article>
  )
}

/** Swaps newest first. */
export function newestFirst(swaps: SwapView[]): SwapView[] {
  return [...swaps].sort((a, b) => b.id - a.id)
}
