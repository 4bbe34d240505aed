import type { ReactNode } from 'react'
import { formatECoin, formatPercent, unitName } from './format'
import { useNames } from './names'
import { whoPays } from './swapMoney'
import type { BatteryView, SwapView } from './types'

const statusWords: Record<string, string> = { Pending: 'waiting for the station', Approved: 'approved', Denied: 'denied', Cancelled: 'cancelled' }

/**
 * One swap request: which battery for which, between whom (by name), who pays whom on approval, and the
 * buttons the role gets. `viewer` is the side looking at it, so the money reads "you receive" or "you pay".
 */
export function SwapRow(props: { swap: SwapView; batteries: Map<number, BatteryView>; viewer: 'ev' | 'station'; children?: ReactNode }) {
  const s = props.swap
  const names = useNames()
  const ev = props.batteries.get(s.evBatteryId)
  const st = props.batteries.get(s.stationBatteryId)
  const evName = names.name(s.evOwner)
  const stationName = unitName(s.stationUnit)
  const pending = s.status === 'Pending'
  const money = whoPays(s, props.viewer, props.viewer === 'station' ? evName : stationName, s.status === 'Approved')
  return (
    <article className={`card swap swap-${s.status}`} data-testid={`swap-request-${s.id}`} data-status={s.status} data-ev-battery={s.evBatteryId} data-station-battery={s.stationBatteryId}>
      <header className="battery-head">
        <h3>
          Swap {s.id} · {props.viewer === 'station' ? `from ${evName}` : `at ${stationName}`}
        </h3>
        <span className={`chip swap-status-${s.status}`}>{pending && props.viewer === 'station' ? 'waiting for you' : (statusWords[s.status] ?? s.status)}</span>
      </header>
      <div className="swap-pair">
        <div>
          <div className="muted small">{props.viewer === 'ev' ? 'You give' : `${evName} gives`}</div>
          <div>
            <strong>{ev?.staticInfo.brand ?? 'battery'}</strong> battery {s.evBatteryId}
          </div>
          {ev && <div className="muted small">{formatPercent(ev.dynamicInfo.socPermille)} · {formatECoin(ev.price)}</div>}
        </div>
        <div className="swap-arrow" aria-hidden="true">
          ⇄
        </div>
        <div>
          <div className="muted small">{props.viewer === 'station' ? 'You give' : `${stationName} gives`}</div>
          <div>
            <strong>{st?.staticInfo.brand ?? 'battery'}</strong> battery {s.stationBatteryId}
          </div>
          {st && <div className="muted small">{formatPercent(st.dynamicInfo.socPermille)} · {formatECoin(st.price)}</div>}
        </div>
      </div>
      <div className="swap-money" data-testid="swap-money">
        <div className="muted small">{pending ? 'On approval' : s.status === 'Approved' ? 'Settled' : 'Nothing moved; the escrow went back'}</div>
        {(pending || s.status === 'Approved') && money.map((line) => <div key={line}>{line}</div>)}
        <div className="muted small">
          {props.viewer === 'ev' ? 'You' : evName} put {formatECoin(s.escrow)} in escrow at the request.
        </div>
      </div>
      {props.children && <div className="button-row">{props.children}</div>}
    </article>
  )
}

/** Swaps newest first. */
export function newestFirst(swaps: SwapView[]): SwapView[] {
  return [...swaps].sort((a, b) => b.id - a.id)
}
