import { useDevice, useFetch } from './device'
import { ErrorBox, Loading } from './Feedback'
import { batteryStatusLabel, formatDuration, formatECoin, formatKWh, formatPercent, formatTime, shortHex, unitName } from './format'
import { useNames } from './names'
import type { HistoryEntry } from './types'

const statusNames = ['None', 'InService', 'SwapPending', 'Recycled']

/** A battery's events on chain, newest first, each with its block number; loaded when opened. */
export function HistoryPanel(props: { batteryId: number; active: boolean }) {
  const { api } = useDevice()
  const names = useNames()
  const h = useFetch(props.active ? () => api.history(props.batteryId) : null, [props.batteryId])
  const entries = h.data ? [...h.data].sort((a, b) => Number(b.blockNumber) - Number(a.blockNumber)) : undefined
  return (
    <div className="history" data-testid={`history-${props.batteryId}`}>
      {h.error && <ErrorBox error={h.error} title="History" retry={h.reload} />}
      {props.active && !entries && !h.error && <Loading what="Reading the chain" />}
      {entries && entries.length === 0 && <p className="muted">No events yet.</p>}
      {entries && entries.length > 0 && (
        <ol className="history-list">
          {entries.map((e, i) => (
            <li key={`${e.txHash}-${i}`} data-testid="history-item" data-event={e.event}>
              <span className="block">block #{String(e.blockNumber)}</span>
              <span className="event">{describeEvent(e, names.name)}</span>
              <span className="muted small">
                {formatTime(e.timestamp)} · <span className="mono" title={e.txHash}>tx {shortHex(e.txHash)}</span>
              </span>
            </li>
          ))}
        </ol>
      )}
    </div>
  )
}

function num(v: unknown): number {
  return typeof v === 'number' ? v : Number(v)
}

/** A battery event in a sentence, with accounts by name (`name` turns an address into "EV 1", "station 2"...). */
export function describeEvent(e: Pick<HistoryEntry, 'event' | 'args'>, name: (address: string) => string): string {
  const a = e.args ?? {}
  switch (e.event) {
    case 'BatteryRegistered':
      return `Registered${a.holder !== undefined ? ` at ${unitName(num(a.holder))}` : ''}${a.owner ? `, owned by ${name(String(a.owner))}` : ''}`
    case 'BatteryCharged':
      return `Charged to ${formatKWh(num(a.energyWh))}, ${formatPercent(num(a.socPermille))}, in ${formatDuration(num(a.duration))}`
    case 'BatteryCharging':
      return `Charging: at ${formatKWh(num(a.energyWh))}, ${formatPercent(num(a.socPermille))} (a reading; the charge counts when it ends)`
    case 'BatteryDischarged':
      return `Discharged to ${formatKWh(num(a.energyWh))}, ${formatPercent(num(a.socPermille))}, over ${formatDuration(num(a.duration))}`
    case 'BatteryStatusChanged': {
      const s = typeof a.status === 'number' || /^\d+$/.test(String(a.status)) ? statusNames[num(a.status)] : String(a.status)
      return `Status: ${batteryStatusLabel[s ?? ''] ?? s}`
    }
    case 'BatteryTransferred':
      return `Now held by ${unitName(num(a.holder))}: owner ${name(String(a.from ?? ''))} → ${name(String(a.to ?? ''))}`
    case 'SwapRequested':
      return `Swap ${a.swapId ?? ''} requested: battery ${a.evBatteryId ?? '?'} for battery ${a.stationBatteryId ?? '?'}${a.fee !== undefined ? `, fee ${formatECoin(String(a.fee))}` : ''}`
    case 'SwapApproved':
      return `Swap ${a.swapId ?? ''} approved`
    case 'SwapDenied':
      return `Swap ${a.swapId ?? ''} denied`
    case 'SwapCancelled':
      return `Swap ${a.swapId ?? ''} cancelled`
    default: {
      const args = Object.entries(a)
        .map(([k, v]) => `${k} ${typeof v === 'string' && /^0x[0-9a-fA-F]{40}$/.test(v) ? name(v) : typeof v === 'string' && v.startsWith('0x') && v.length > 14 ? shortHex(v) : String(v)}`)
        .join(', ')
      return `${e.event}${args ? ` (${args})` : ''}`
    }
  }
}
