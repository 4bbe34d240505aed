import { useMemo } from 'react'
import { sameAddress } from '../shared/battery'
import { useDevice, useFetch, useOperation } from '../shared/device'
import { ErrorBox, Loading, OperationFeedback } from '../shared/Feedback'
import { Section } from '../shared/Layout'
import { newestFirst, SwapRow } from '../shared/SwapRow'
import type { BatteryView } from '../shared/types'
import { SwapNotices } from './SwapNotices'

/**
 * The EV owner's swap requests: a notice for each request denied or cancelled (with the refund), the pending
 * ones with Cancel, then the decided ones.
 */
export function MySwaps() {
  const { api, state } = useDevice()
  const swaps = useFetch(() => api.swaps(), [])
  const stations = useFetch(() => api.stations(), [])
  const all = useFetch(() => api.allBatteries(), [])
  const { op, run, pending } = useOperation()

  const batteries = useMemo(() => {
    const m = new Map<number, BatteryView>()
    for (const b of Array.isArray(all.data) ? all.data : []) m.set(b.id, b)
    for (const s of stations.data ?? []) for (const b of s.batteries) m.set(b.id, b)
    for (const b of state.batteries) if (b.chain) m.set(b.chain.id, b.chain)
    return m
  }, [all.data, stations.data, state.batteries])

  const mine = newestFirst((swaps.data ?? []).filter((s) => !s.evOwner || sameAddress(s.evOwner, state.address)))
  const open = mine.filter((s) => s.status === 'Pending')
  const past = mine.filter((s) => s.status !== 'Pending')

  return (
    <Section title="My swap requests" testId="my-swaps">
      {swaps.error && <ErrorBox error={swaps.error} title="Swaps" retry={swaps.reload} />}
      {!swaps.data && !swaps.error && <Loading what="Loading swaps" />}
      {/* A confirmed cancel is told by its notice below, with the refund: no second box for it. */}
      <OperationFeedback op={op} quietWhenDone />
      <SwapNotices swaps={mine} address={state.address} />
      {swaps.data && open.length === 0 && <p className="muted">No pending swap request.</p>}
      <div className="grid">
        {open.map((s) => (
          <SwapRow key={s.id} swap={s} batteries={batteries} viewer="ev">
            <span className="muted small">Waiting for the station operator</span>
            <button type="button" className="secondary" data-testid={`cancel-${s.id}`} disabled={pending} onClick={() => void run(`Cancel swap ${s.id}`, () => api.swapAction(s, 'cancel'))}>
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
              <SwapRow key={s.id} swap={s} batteries={batteries} viewer="ev" />
            ))}
          </div>
        </details>
      )}
    </Section>
  )
}
