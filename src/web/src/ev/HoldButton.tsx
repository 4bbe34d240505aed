import { useDevice, useOperation } from '../shared/device'
import { OperationFeedback } from '../shared/Feedback'
import { formatDuration, formatECoin, toCents, unitName } from '../shared/format'
import type { HoldTermsView, StationInfo } from '../shared/types'

type HoldButtonProps = {
  station: StationInfo
  batteryId: number
  holdingOther: boolean
  /** The super account's terms, read once for the whole finder; null while they load. */
  terms: HoldTermsView | null
  /** The EV's E-coin (cents). */
  balance: bigint
  /** What swapping the EV's battery for this one costs (cents), once quoted; null before or without an EV battery. */
  cost: bigint | null
}

/**
 * Holds one station battery for this EV while it drives there. Says the terms first (how long, the fee, that
 * the fee comes back on a swap), and why it cannot: this EV already holds a battery, or its balance covers
 * the hold fee or the swap it holds for but not both in turn (the fee is escrowed now and comes back when the
 * swap's cost is taken, so the balance must reach the larger of the two).
 */
export function HoldButton(props: HoldButtonProps) {
  const { api } = useDevice()
  const { op, run, pending } = useOperation()
  const t = props.terms
  const fee = toCents(t?.fee) ?? 0n
  const label = t ? `Hold for ${formatDuration(t.durationSeconds)}${fee > 0n ? ` (${formatECoin(t.fee)})` : ''}` : 'Hold'
  const needed = props.cost === null ? fee : props.cost > fee ? props.cost : fee
  const short = t !== null && props.balance < needed
  const shortWhy =
    props.cost !== null && props.cost >= fee
      ? `Your balance (${formatECoin(props.balance)}) does not cover this swap (${formatECoin(props.cost)}): holding it would not let you swap on it.`
      : `Your balance (${formatECoin(props.balance)}) does not cover the hold fee (${formatECoin(fee)}).`
  return (
    <>
      <button
        type="button"
        className="secondary"
        data-testid={`hold-${props.batteryId}`}
        disabled={pending || props.holdingOther || short || t === null}
        title={props.holdingOther ? 'This EV already holds a battery: swap on it or release it first.' : short ? shortWhy : 'Nobody else can take it while you drive there.'}
        onClick={() => void run(`Hold battery ${props.batteryId} at ${unitName(props.station.unit)}`, () => api.holdBattery(props.batteryId))}
      >
        {label}
      </button>
      {short && !props.holdingOther && (
        <span className="small form-problem finder-why" data-testid={`hold-${props.batteryId}-short`}>
          {shortWhy}
        </span>
      )}
      <OperationFeedback op={op} />
    </>
  )
}
