import type { ReactNode } from 'react'
import { fromDevice, type BatteryModel } from './battery'
import { BatteryCard, BrokenBatteryCard } from './BatteryCard'
import { useDevice } from './device'

/** The batteries in this device's USB slots, each with the actions the role view gives it. */
export function DeviceBatteries(props: { actions?: (b: BatteryModel) => ReactNode; empty?: ReactNode }) {
  const { state } = useDevice()
  if (state.batteries.length === 0) return <p className="muted">{props.empty ?? 'No battery in the USB slots.'}</p>
  return (
    <div className="grid">
      {state.batteries.map((d) => {
        const b = fromDevice(d)
        if (!b) return <BrokenBatteryCard key={d.folder} folder={d.folder} alerts={d.alerts} />
        return (
          <BatteryCard key={d.folder} battery={b} me={state.address} ownerTestId>
            {props.actions?.(b)}
          </BatteryCard>
        )
      })}
    </div>
  )
}
