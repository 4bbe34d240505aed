import { useState } from 'react'
import { formatECoin, unitName } from '../shared/format'
import { capitalize } from '../shared/swapMoney'
import type { SwapView } from '../shared/types'

/** At most this many notices at once: the newest decisions matter, the rest are in "Past requests". */
const MAX_NOTICES = 3

/**
 * Tells the EV owner that a request of theirs ended without a swap: denied by the station or cancelled, with
 * the refunded escrow in E-coin. A notice stays until dismissed (remembered in this browser), so a denial
 * that came while the page was closed is still told.
 */
export function SwapNotices(props: { swaps: SwapView[]; address: string }) {
  const key = `evswap.dismissed-notices.${props.address.toLowerCase()}`
  const [dismissed, setDismissed] = useState<number[]>(() => readIds(key))
  const shown = props.swaps.filter((s) => (s.status === 'Denied' || s.status === 'Cancelled') && !dismissed.includes(s.id)).slice(0, MAX_NOTICES)
  if (shown.length === 0) return null
  const dismiss = (id: number) => {
    const next = [...dismissed, id]
    setDismissed(next)
    try {
      localStorage.setItem(key, JSON.stringify(next))
    } catch {
      // storage disabled: dismissed for this page only
    }
  }
  return (
    <div className="notices">
      {shown.map((s) => (
        <div key={s.id} className={`notice notice-${s.status}`} role="status" data-testid={`swap-notice-${s.id}`} data-status={s.status}>
          <div>
            <strong>
              {s.status === 'Denied' ? `${capitalize(unitName(s.stationUnit))} denied swap ${s.id}.` : `Swap ${s.id} at ${unitName(s.stationUnit)} was cancelled.`}
            </strong>{' '}
            Your battery {s.evBatteryId} stays yours and battery {s.stationBatteryId} stays at {unitName(s.stationUnit)}. Your escrow of {formatECoin(s.escrow)} was refunded to
            your balance.
          </div>
          <div className="small muted">{s.status === 'Denied' ? 'Pick another battery or station and ask again.' : 'You can ask again at any time.'}</div>
          <button type="button" className="secondary small-button" data-testid={`dismiss-notice-${s.id}`} onClick={() => dismiss(s.id)}>
            Dismiss
          </button>
        </div>
      ))}
    </div>
  )
}

function readIds(key: string): number[] {
  try {
    const v: unknown = JSON.parse(localStorage.getItem(key) ?? '[]')
    return Array.isArray(v) ? v.filter((x): x is number => typeof x === 'number') : []
  } catch {
    return []
  }
}
