import { useState, type FormEvent } from 'react'
import { toApiError, useDevice } from '../../shared/device'
import { formatDuration, formatKWh, formatPercent } from '../../shared/format'
import type { ChargeSession } from '../../shared/types'
import { ChargeProgress } from './ChargeProgress'

const kW = (w: number) => `${(w / 1000).toFixed(w % 1000 ? 1 : 0)} kW`

/**
 * A battery's charge on the station's charger: a power (the charger's rating, or a rate the operator picks)
 * and Charge; while it charges, the live progress and Stop; after, what reached the chain. The battery's
 * file rises as its management system writes it, and the chain counts the charge once, when it ends.
 */
export function ChargerPanel(props: { batteryId: number }) {
  const { api, state } = useDevice()
  const charger = state.charger
  const session = charger?.sessions.find((s) => s.batteryId === props.batteryId)
  const [power, setPower] = useState('')
  const [problem, setProblem] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  if (!charger) return <p className="muted small">This device drives no charger.</p>
  const id = `charger-${props.batteryId}`
  const act = async (fn: () => Promise<unknown>) => {
    setBusy(true)
    setProblem(null)
    try {
      await fn()
    } catch (e) {
      setProblem(toApiError(e).message)
    } finally {
      setBusy(false)
    }
  }
  const start = (e: FormEvent) => {
    e.preventDefault()
    const text = power.trim()
    const w = text === '' ? charger.ratingW : Math.round(Number(text) * 1000)
    if (!Number.isFinite(w) || w <= 0 || w > charger.ratingW) return setProblem(`Power must be a number of kW, more than 0 and at most the charger's ${kW(charger.ratingW)}.`)
    void act(() => api.startCharge(props.batteryId, w))
  }
  const running = session && (session.state === 'charging' || session.state === 'sending')
  return (
    <div className="action" data-testid={id}>
      {session && <ChargeProgress session={session} />}
      {session && !running && <p className={session.state === 'failed' ? 'form-problem' : 'muted small'} data-testid={`${id}-result`}>{outcome(session)}</p>}
      {running ? (
        <button type="button" className="secondary" data-testid={`${id}-stop`} disabled={busy || session.state !== 'charging'} onClick={() => void act(() => api.stopCharge(props.batteryId))}>
          {session.state === 'charging' ? 'Stop' : 'Recording the charge…'}
        </button>
      ) : (
        <form className="form" onSubmit={start} noValidate>
          <div className="form-row">
            <label htmlFor={`${id}-power`}>Power (kW)</label>
            <input id={`${id}-power`} inputMode="decimal" placeholder={`${charger.ratingW / 1000} (the charger's rating)`} value={power} onChange={(e) => setPower(e.target.value)} />
          </div>
          <button type="submit" disabled={busy} data-testid={`${id}-start`}>
            Charge
          </button>
        </form>
      )}
      {problem && <p className="form-problem">{problem}</p>}
    </div>
  )
}

function outcome(s: ChargeSession): string {
  if (s.state === 'failed') return s.problem ?? 'The charge did not reach the chain.'
  return `Charged from ${formatKWh(s.startWh)} to ${formatKWh(s.energyWh)}, ${formatPercent(s.socPermille)}, over ${formatDuration(s.elapsedS)}: on chain as one charge.`
}
