import { useMemo } from 'react'
import { useDevice, useFetch, useOperation } from '../shared/device'
import { ErrorBox, Loading, OperationFeedback } from '../shared/Feedback'
import { Section } from '../shared/Layout'
import { newestFirst, SwapRow } from '../shared/SwapRow'
import type { BatteryView } from '../shared/types'

/**
 * Fig. 7, second half: the swap requests addressed to this station, with Approve / Deny. The result of the
 * last decision stays here, since the request itself leaves the pending list once decided.
 */
export function SwapRequests() {
  const { api, state } = useDevice()
  const swaps = useFetch(() => api.swaps(), [])
  // Every battery, to show what the EV offers; the station's own list is the fallback.
  const all = useFetch(() => api.allBatteries(), [])
  const { op, run, pending } = useOperation()

  const batteries = useMemo(() => {
    const m = new Map<number, BatteryView>()
    for (const b of Array.isArray(all.data) ? all.data : []) m.set(b.id, b)
    for (const b of state.batteries) if (b.chain) m.set(b.chain.id, b.chain)
    return m
  }, [all.data, state.batteries])

  const ours = newestFirst((swaps.data ?? []).filter((s) => s.stationUnit === undefined || s.stationUnit === state.unit))
  const open = ours.filter((s) => s.status === 'Pending')
  const past = ours.filter((s) => s.status !== 'Pending')

  return (
    <Section title="Swap requests" testId="swap-requests" actions={open.length > 0 ? <span className="chip count" data-testid="pending-count">{open.length} pending</span> : null}>
      {swaps.error && <ErrorBox error={swaps.error} title="Swaps" retry={swaps.reload} />}
      {!swaps.data && !swaps.error && <Loading what="Loading swap requests" />}
      <OperationFeedback op={op} />
      {swaps.data && open.length === 0 && <p className="muted">No pending request.</p>}
      <div className="grid">
        {open.map((s) => (
          <SwapRow key={s.id} swap={s} batteries={batteries}>
            <button type="button" data-testid={`approve-${s.id}`} disabled={pending} onClick={() => void run(`Approve swap ${s.id}`, () => api.swapAction(s.id, 'approve'))}>
              Approve
            </button>
            <button type="button" className="secondary" data-testid={`deny-${s.id}`} disabled={pending} onClick={() => void run(`Deny swap ${s.id}`, () => api.swapAction(s.id, 'deny'))}>
              Deny
            </button>
          </SwapRow>
        ))}
      </div>
      {past.length > 0 && (
        <details className="past">
          <summary>Decided requests ({past.length})</summary>
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
