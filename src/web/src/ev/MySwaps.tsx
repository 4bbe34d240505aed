import { useMemo } from 'react'
import { sameAddress } from '../shared/battery'
import { useDevice, useFetch, useOperation } from '../shared/device'
import { ErrorBox, Loading, OperationFeedback } from '../shared/Feedback'
import { Section } from '../shared/Layout'
import { newestFirst, SwapRow } from '../shared/SwapRow'
import type { BatteryView } from '../shared/types'

/** The EV owner's swap requests: pending ones with Cancel, then the decided ones. */
export function MySwaps() {
  const { api, state } = useDevice()
  const swaps = useFetch(() => api.swaps(), [])
  const stations = useFetch(() => api.stations(), [])
  const { op, run, pending } = useOperation()

  const batteries = useMemo(() => {
    const m = new Map<number, BatteryView>()
    for (const s of stations.data ?? []) for (const b of s.batteries) m.set(b.id, b)
    for (const b of state.batteries) if (b.chain) m.set(b.chain.id, b.chain)
    return m
  }, [stations.data, state.batteries])

  const mine = newestFirst((swaps.data ?? []).filter((s) => !s.evOwner || sameAddress(s.evOwner, state.address)))
  const open = mine.filter((s) => s.status === 'Pending')
  const past = mine.filter((s) => s.status !== 'Pending')

  return (
    <Section title="My swap requests" testId="my-swaps">
      {swaps.error && <ErrorBox error={swaps.error} title="Swaps" retry={swaps.reload} />}
      {!swaps.data && !swaps.error && <Loading what="Loading swaps" />}
      <OperationFeedback op={op} />
      {swaps.data && open.length === 0 && <p className="muted">No pending swap request.</p>}
      <div className="grid">
        {open.map((s) => (
          <SwapRow key={s.id} swap={s} batteries={batteries}>
            <span className="muted small">Waiting for the station operator</span>
            <button type="button" className="secondary" data-testid={`cancel-${s.id}`} disabled={pending} onClick={() => void run(`Cancel swap ${s.id}`, () => api.swapAction(s.id, 'cancel'))}>
              Cancel
            </button>
          </SwapRow>
        ))}
      </div>
      {past.length > 0 && (
        <details className="past">
          <summary>Past requests ({past.length})</summary>
          <div className="grid">
            {past.map((s) => (
              <SwapRow key={s.id} swap={s} batteries={batteries} />
            ))}
          </div>
        </details>
      )}
    </Section>
  )
}
