import { useState, type FormEvent } from 'react'
import { useDevice, useFetch, useOperation } from '../shared/device'
import { OperationFeedback } from '../shared/Feedback'
import { formatECoin, parseECoin } from '../shared/format'
import type { ForfeitTo } from '../shared/types'

const FORFEIT_WORDS: Record<ForfeitTo, string> = {
  Station: 'the station that held the battery',
  Treasury: 'the treasury',
  EVOwner: 'back to the EV owner',
}

/** The super account's terms for battery holds: how long one lasts, its fee, where an unused one's fee goes. */
export function HoldTermsForm() {
  const { api } = useDevice()
  const { op, run, pending } = useOperation()
  const current = useFetch(() => api.holdTerms(), [op])
  const [minutes, setMinutes] = useState('')
  const [fee, setFee] = useState('')
  const [forfeitTo, setForfeitTo] = useState<ForfeitTo>('Station')
  const [problem, setProblem] = useState<string | null>(null)
  const submit = (e: FormEvent) => {
    e.preventDefault()
    const m = Number(minutes)
    if (!/^\d+$/.test(minutes.trim()) || m < 1 || m > 1440) return setProblem('Hold time must be whole minutes, from 1 to 1440 (a day).')
    const cents = parseECoin(fee)
    if (cents === null) return setProblem('Fee must be E-coin with at most 2 decimals (0 for none).')
    setProblem(null)
    void run(`Set battery holds to ${m} min for ${formatECoin(cents)}, unused fee to ${FORFEIT_WORDS[forfeitTo]}`, () => api.setHoldTerms({ durationMinutes: m, fee: cents, forfeitTo }))
  }
  const t = current.data
  return (
    <form className="card form" onSubmit={submit} data-testid="hold-terms-form" noValidate>
      <h3>Battery holds</h3>
      <p className="muted small" data-testid="hold-terms-now">
        {t
          ? `Now: an EV holds a battery for ${Math.round(t.durationSeconds / 60)} min for a fee of ${formatECoin(t.fee)}, given back when it swaps on the hold; unused, the fee goes to ${FORFEIT_WORDS[t.forfeitTo]}.`
          : 'An EV can hold one charged battery at a station while it drives there.'}
      </p>
      <div className="form-row">
        <label htmlFor="hold-minutes">Hold time (minutes)</label>
        <input id="hold-minutes" inputMode="numeric" placeholder="15" value={minutes} onChange={(e) => setMinutes(e.target.value)} />
      </div>
      <div className="form-row">
        <label htmlFor="hold-fee">Fee (E-coin)</label>
        <input id="hold-fee" inputMode="decimal" placeholder="1.00" value={fee} onChange={(e) => setFee(e.target.value)} />
      </div>
      <div className="form-row">
        <label htmlFor="hold-forfeit">Unused fee goes to</label>
        <select id="hold-forfeit" value={forfeitTo} onChange={(e) => setForfeitTo(e.target.value as ForfeitTo)}>
          {(Object.keys(FORFEIT_WORDS) as ForfeitTo[]).map((f) => (
            <option key={f} value={f}>
              {FORFEIT_WORDS[f]}
            </option>
          ))}
        </select>
      </div>
      {problem && <p className="form-problem">{problem}</p>}
      <button type="submit" disabled={pending}>
        Set hold terms
      </button>
      <OperationFeedback op={op} />
    </form>
  )
}
