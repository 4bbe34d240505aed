import { ActionTabs } from '../shared/ActionTabs'
import { DeviceBatteries } from '../shared/DeviceBatteries'
import { useDevice } from '../shared/device'
import { EnergyForm } from '../shared/EnergyForm'
import { HandoverBox } from '../shared/HandoverBox'
import { HistoryPanel } from '../shared/HistoryPanel'
import { Layout, Section } from '../shared/Layout'
import { LedgerPanel } from '../shared/LedgerPanel'
import { MySwaps } from './MySwaps'
import { SwapPanel } from './SwapPanel'
import { useHandover } from '../shared/useHandover'

/** The EV owner: the USB disks to move after an approval, their batteries (discharge, history), a swap at a station, and their swap requests. */
export function EvView() {
  const { state } = useDevice()
  const handover = useHandover()
  return (
    <Layout>
      {/* After an approval the first thing to do is the USB move: it goes on top. */}
      <HandoverBox moves={handover.moves} unit={state.unit} />
      <Section title="My batteries" testId="my-batteries">
        <DeviceBatteries
          empty="No battery in this EV's USB slots."
          actions={(b) => {
            if (b.id === null) return null
            const id = b.id
            const usable = b.source === 'chain' && b.holder === state.unit && b.status === 'InService'
            return (
              <ActionTabs
                id={`battery-${id}`}
                tabs={[
                  usable && { key: 'discharge', label: 'Discharge', render: () => <EnergyForm kind="discharge" batteryId={id} energyWh={b.energyWh} socPermille={b.socPermille} /> },
                  { key: 'history', label: 'History', render: (active) => <HistoryPanel batteryId={id} active={active} /> },
                ]}
              />
            )
          }}
        />
      </Section>
      <SwapPanel />
      <MySwaps />
      <LedgerPanel />
    </Layout>
  )
}
