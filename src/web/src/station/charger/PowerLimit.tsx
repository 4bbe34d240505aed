import { useState, type FormEvent } from 'react'
import { toApiError, useDevice } from '../../shared/device'
import { Section } from '../../shared/Layout'

/** The station's power limit, shared among the batteries charging (equal shares, each at most its own rate). */
export function PowerLimit() {
  const { api, state } = useDevice()
  const [limit, setLimit] = useState('')
  const [problem, setProblem] = useState<string | null>(null)
  const charger = state.charger
  if (!charger) return null
  const charging = charger.sessions.filter((s) => s.state === 'charging')
  const drawn = charging.reduce((w, s) => w + s.powerW, 0)
  const submit = (e: FormEvent) => {
    e.preventDefault()
    const w = Math.round(Number(limit) * 1000)
    if (limit.trim() === '' || !Number.isFinite(w) || w <= 0) return setProblem('The power limit must be a number of kW, more than 0.')
    setProblem(null)
    api.setPowerLimit(w).then(
      () => setLimit(''),
      (err: unknown) => setProblem(toApiError(err).message),
    )
  }
  return (
    <Section title="Charging" testId="power-limit">
      <p className="small" data-testid="power-limit-now">
        {charging.length} {charging.length === 1 ? 'battery' : 'batteries'} charging, drawing {(drawn / 1000).toFixed(1)} kW of the station's {(charger.limitW / 1000).toFixed(0)} kW limit
        (each at most the charger's {(charger.ratingW / 1000).toFixed(0)} kW; the limit is shared equally).
      </p>
      <form className="form" onSubmit={submit} noValidate>
        <div className="form-row">
          <label htmlFor="power-limit-kw">Station power limit (kW)</label>
          <input id="power-limit-kw" inputMode="decimal" placeholder={String(charger.limitW / 1000)} value={limit} onChange={(e) => setLimit(e.target.value)} />
        </div>
        <button type="submit" data-testid="power-limit-set">
          Set limit
        </button>
      </form>
      {problem && <p className="form-problem">{problem}</p>}
    </Section>
  )
}
