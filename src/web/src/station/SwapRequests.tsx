import { useEffect, useMemo, useRef, useState } from 'react'
import { useDevice, useFetch, useOperation } from '../shared/device'
import { ErrorBox, Loading, OperationFeedback } from '../shared/Feedback'
import { HandoverBox } from '../shared/HandoverBox'
import { Section } from '../shared/Layout'
import { useNames } from '../shared/names'
import { newestFirst, SwapRow } from '../shared/SwapRow'
import { whoPays } from '../shared/swapMoney'
import type { BatteryView, SwapView } from '../shared/types'
import { useHandover } from '../shared/useHandover'

/**
 * Fig. 7, second half: the swap requests addressed to this station, with Approve / Deny, what each means in
 * E-coin, and after an approval which USB disk goes where. The result of the last decision stays until the
 * next step: the disks exchanged, or another operation.
 */
export function SwapRequests() {
  const { api, state } = useDevice()
  const names = useNames()
  const swaps = useFetch(() => api.swaps(), [])
  // Every battery, to show what the EV offers; the station's own list is the fallback.
  const all = useFetch(() => api.allBatteries(), [])
  const handover = useHandover()
  const { op, run, pending, clear } = useOperation()
  const decided = useRef<{ swapId: number; sawMoves: boolean } | null>(null)
  const [decision, setDecision] = useState<{ swapId: number; action: 'approve' | 'deny' } | null>(null)

  const batteries = useMemo(() => {
    const m = new Map<number, BatteryView>()
    for (const b of Array.isArray(all.data) ? all.data : []) m.set(b.id, b)
    for (const b of state.batteries) if (b.chain) m.set(b.chain.id, b.chain)
    return m
  }, [all.data, state.batteries])

  // An approval's result box goes once its disks have been exchanged: that was the step after it.
  useEffect(() => {
    const d = decided.current
    if (!d || !op?.result) return
    const moving = handover.moves.some((m) => m.swapId === d.swapId)
    if (moving) d.sawMoves = true
    else if (d.sawMoves) {
      decided.current = null
      clear()
    }
  }, [handover.moves, op, clear])

  const ours = newestFirst((swaps.data ?? []).filter((s) => s.stationUnit === undefined || s.stationUnit === state.unit))
  const open = ours.filter((s) => s.status === 'Pending')
  const past = ours.filter((s) => s.status !== 'Pending')
  const decide = (s: SwapView, action: 'approve' | 'deny') => {
    decided.current = action === 'approve' ? { swapId: s.id, sawMoves: false } : null
    setDecision({ swapId: s.id, action })
    void run(`${action === 'approve' ? 'Approve' : 'Deny'} swap ${s.id} from ${names.name(s.evOwner)}`, () => api.swapAction(s, action))
  }
  const summary = () => {
    const s = ours.find((x) => x.id === decision?.swapId)
    if (!s) return null
    if (decision?.action === 'deny') return `Nothing moved: ${names.name(s.evOwner)} got its escrow back.`
    return whoPays(s, 'station', names.name(s.evOwner), true).join(' ')
  }

  return (
    <Section title="Swap requests" testId="swap-requests" actions={open.length > 0 ? <span className="chip count" data-testid="pending-count">{open.length} pending</span> : null}>
      {swaps.error && <ErrorBox error={swaps.error} title="Swaps" retry={swaps.reload} />}
      {!swaps.data && !swaps.error && <Loading what="Loading swap requests" />}
      <OperationFeedback op={op} summary={summary} />
      <HandoverBox moves={handover.moves} unit={state.unit} />
      {swaps.data && open.length === 0 && <p className="muted">No pending request.</p>}
      <div className="grid">
        {open.map((s) => (
          <SwapRow key={s.id} swap={s} batteries={batteries} viewer="station">
            <button type="button" data-testid={`approve-${s.id}`} disabled={pending} onClick={() => decide(s, 'approve')}>
              Approve
            </button>
            <button type="button" className="secondary" data-testid={`deny-${s.id}`} disabled={pending} onClick={() => decide(s, 'deny')}>
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
              <SwapRow key={s.id} swap={s} batteries={batteries} viewer="station" />
            ))}
          </div>
        </details>
      )}
    </Section>
  )
}
