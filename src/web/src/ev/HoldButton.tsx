import { useDevice, useFetch, useOperation } from '../shared/device'
import { OperationFeedback } from '../shared/Feedback'
import { formatDuration, formatECoin, unitName } from '../shared/format'
import type { StationInfo } from '../shared/types'

/**
 * Holds one station battery for this EV while it drives there. Says the terms first (how long, the fee, that
 * the fee comes back on a swap), and why it cannot when this EV already holds a battery.
 */
export function HoldButton(props: { station: StationInfo; batteryId: number; holdingOther: boolean }) {
  const { api } = useDevice()
  const terms = useFetch(() => api.holdTerms(), [])
  const { op, run, pending } = useOperation()
  const t = terms.data
  const label = t ? `Hold for ${formatDuration(t.durationSeconds)}${BigInt(t.fee) > 0n ? ` (${formatECoin(t.fee)})` : ''}` : 'Hold'
  return (
    <>
      <button
        type="button"
        className="secondary"
        data-testid={`hold-${props.batteryId}`}
        disabled={pending || props.holdingOther}
        title={props.holdingOther ? 'This EV already holds a battery: swap on it or release it first.' : 'Nobody else can take it while you drive there.'}
        onClick={() => void run(`Hold battery ${props.batteryId} at ${unitName(props.station.unit)}`, () => api.holdBattery(props.batteryId))}
      >
        {label}
      </button>
      <OperationFeedback op={op} />
    </>
  )
}
