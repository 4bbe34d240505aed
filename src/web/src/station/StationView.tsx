import { useState } from 'react'
import { ActionTabs } from '../shared/ActionTabs'
import type { BatteryModel } from '../shared/battery'
import { DeviceBatteries } from '../shared/DeviceBatteries'
import { useDevice, useOperation } from '../shared/device'
import { EnergyForm } from '../shared/EnergyForm'
import { OperationFeedback } from '../shared/Feedback'
import { HistoryPanel } from '../shared/HistoryPanel'
import { Layout, Section } from '../shared/Layout'
import { LedgerPanel } from '../shared/LedgerPanel'
import { NetworkPanel } from '../network/NetworkPanel'
import { Dashboard } from './dashboard/Dashboard'
import { StationPlaceForm } from './StationPlaceForm'
import { SwapRequests } from './SwapRequests'
import { StationHolds } from './StationHolds'
import { VotesPanel } from './VotesPanel'
import { ChargerPanel } from './charger/ChargerPanel'
import { PowerLimit } from './charger/PowerLimit'

/** The station operator: swap requests to approve or deny, the station's batteries (charge, discharge, recycle), its dashboard and its network page. */
export function StationView() {
  const { state } = useDevice()
  return (
    <Layout>
      <SwapRequests />
      <StationHolds />
      <Section title="Station batteries" testId="station-batteries">
        <DeviceBatteries
          empty="No battery in the station's USB slots."
          actions={(b) => {
            if (b.id === null) return null
            const id = b.id
            const usable = b.source === 'chain' && b.holder === state.unit && b.status === 'InService'
            return (
              <ActionTabs
                id={`battery-${id}`}
                tabs={[
                  usable && { key: 'charger', label: 'Charge', render: () => <ChargerPanel batteryId={id} /> },
                  // A charge done elsewhere (no charger here, or one that reports nothing), typed in by hand.
                  usable && { key: 'charge', label: 'Reading by hand', render: () => <EnergyForm kind="charge" batteryId={id} energyWh={b.energyWh} socPermille={b.socPermille} /> },
                  usable && { key: 'discharge', label: 'Discharge', render: () => <EnergyForm kind="discharge" batteryId={id} energyWh={b.energyWh} socPermille={b.socPermille} /> },
                  // Kept once recycled, so the operation's result stays readable where it was asked for.
                  (usable || b.status === 'Recycled') && { key: 'recycle', label: b.status === 'Recycled' ? 'Recycled' : 'Recycle', render: () => <RecycleButton battery={{ ...b, id }} /> },
                  { key: 'history', label: 'History', render: (active) => <HistoryPanel batteryId={id} active={active} /> },
                ]}
              />
            )
          }}
        />
      </Section>
      <PowerLimit />
      <Dashboard />
      <StationPlaceForm />
      <LedgerPanel />
      <NetworkPanel />
      <VotesPanel />
    </Layout>
  )
}

/** Recycle takes a battery out of service for good, so it asks twice (inline, no browser dialog). */
function RecycleButton(props: { battery: BatteryModel & { id: number } }) {
  const { api } = useDevice()
  const { op, run, pending } = useOperation()
  const [confirming, setConfirming] = useState(false)
  const id = props.battery.id
  return (
    <div className="action">
      {props.battery.status === 'Recycled' ? (
        <p className="muted small">{props.battery.brand} battery {id} is recycled: out of service for good.</p>
      ) : (
        <p className="muted small">Takes {props.battery.brand} battery {id} out of service for good.</p>
      )}
      {props.battery.status === 'Recycled' ? null : !confirming ? (
        <button type="button" className="danger" data-testid={`recycle-${id}`} disabled={pending} onClick={() => setConfirming(true)}>
          Recycle…
        </button>
      ) : (
        <div className="button-row">
          <button
            type="button"
            className="danger"
            data-testid={`recycle-${id}-confirm`}
            disabled={pending}
            onClick={() => {
              setConfirming(false)
              void run(`Recycle ${props.battery.brand} battery ${id}`, () => api.recycle(id))
            }}
          >
            Yes, recycle battery {id}
          </button>
          <button type="button" className="secondary" onClick={() => setConfirming(false)}>
            Keep it
          </button>
        </div>
      )}
      <OperationFeedback op={op} summary={() => `${props.battery.brand} battery ${id} is recycled: out of service for good, it can no longer be charged, discharged or swapped.`} />
    </div>
  )
}
