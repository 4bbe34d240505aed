import { useDevice, useOperation } from '../shared/device'
import { OperationFeedback } from '../shared/Feedback'
import { formatECoin, formatHoldEnd, unitName } from '../shared/format'
import type { RunningHold, StationInfo } from '../shared/types'
import { useClock } from '../shared/useClock'

/** This EV's running hold, and the station it is at; null when it holds none. */
export function myHold(stations: StationInfo[] | undefined, unit: number, nowMs: number): { hold: RunningHold; station: StationInfo } | null {
  for (const station of stations ?? []) {
    const hold = station.holds?.find((h) => h.evUnit === unit && h.until * 1000 > nowMs)
    if (hold) return { hold, station }
  }
  return null
}

/**
 * The battery this EV holds while it drives to the station: until when, and the two ways out (swap on it,
 * which gives the fee back, or release it, which pays the fee as the super account's terms say).
 */
export function MyHold(props: { stations: StationInfo[] | undefined; onChoose(station: StationInfo, batteryId: number): void }) {
  const { api, state } = useDevice()
  const now = useClock()
  const { op, run, pending } = useOperation()
  const mine = myHold(props.stations, state.unit, now)
  if (!mine) return op ? <OperationFeedback op={op} /> : null
  const { hold, station } = mine
  return (
    <div className="card hold-box" data-testid="my-hold">
      <p>
        <strong>
          You hold battery {hold.batteryId} at {unitName(station.unit)}
        </strong>{' '}
        {formatHoldEnd(hold.until, now)}. Nobody else can take it meanwhile. Its {formatECoin(hold.fee)} fee comes back when you swap on it.
      </p>
      <div className="button-row">
        <button type="button" data-testid="choose-held" onClick={() => props.onChoose(station, hold.batteryId)}>
          Swap on it
        </button>
        <button type="button" className="secondary" data-testid="release-hold" disabled={pending} onClick={() => void run(`Release the hold on battery ${hold.batteryId}`, () => api.releaseHold(hold.batteryId))}>
          Release the hold
        </button>
      </div>
      <OperationFeedback op={op} />
    </div>
  )
}
