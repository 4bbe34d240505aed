import { useEffect, useRef, useState, type FormEvent } from 'react'
import type { EnergyBody } from './api'
import { useDevice, useOperation } from './device'
import { OperationFeedback } from './Feedback'
import { formatDuration, formatKWh, formatPercent } from './format'
import type { OperationResult } from './types'

/**
 * Charge or discharge form: the battery's reading after the operation (energy kWh, SOC %) and how long it
 * took, in hours and minutes like every duration in the GUI. Sends Wh, permille and seconds. The contract refuses a discharge that raises energy or a
 * charge that lowers it; the form says so before sending.
 */
export function EnergyForm(props: { kind: 'charge' | 'discharge'; batteryId: number; energyWh: number; socPermille: number; disabled?: boolean }) {
  const { api } = useDevice()
  const { op, run, pending } = useOperation()
  const [energy, setEnergy] = useState(() => (props.energyWh / 1000).toString())
  const [soc, setSoc] = useState(() => (props.socPermille / 10).toString())
  const [hours, setHours] = useState('0')
  const [minutes, setMinutes] = useState('30')
  const [problem, setProblem] = useState<string | null>(null)
  const [done, setDone] = useState('')
  // What the user typed since the last reading: a reading arriving meanwhile must not overwrite it (the one
  // of the operation just before could land mid-typing, and turned "100" into "95100").
  const edited = useRef({ energy: false, soc: false })
  // A new reading (this operation, or another one) becomes the starting point of the next, where not typed over.
  useEffect(() => {
    if (!edited.current.energy) setEnergy((props.energyWh / 1000).toString())
    if (!edited.current.soc) setSoc((props.socPermille / 10).toString())
  }, [props.energyWh, props.socPermille])
  const verb = props.kind === 'charge' ? 'Charge' : 'Discharge'
  const id = `${props.kind}-${props.batteryId}`

  const submit = (e: FormEvent) => {
    e.preventDefault()
    const energyWh = Math.round(Number(energy) * 1000)
    const socPermille = Math.round(Number(soc) * 10)
    const duration = Math.round(Number(hours || '0') * 3600 + Number(minutes || '0') * 60)
    if (!Number.isFinite(energyWh) || energyWh < 0 || energy.trim() === '') return setProblem('Energy must be a number of kWh, 0 or more.')
    if (!Number.isFinite(socPermille) || socPermille < 0 || socPermille > 1000 || soc.trim() === '') return setProblem('SOC must be a percentage from 0 to 100.')
    if (!Number.isFinite(duration) || Number(hours) < 0 || Number(minutes) < 0 || (hours.trim() === '' && minutes.trim() === '')) {
      return setProblem('Duration must be hours and minutes, 0 or more (e.g. 1 h 30 min).')
    }
    if (props.kind === 'discharge' && (energyWh > props.energyWh || socPermille > props.socPermille)) {
      return setProblem(`A discharge cannot raise energy or SOC (now ${formatKWh(props.energyWh)}, ${formatPercent(props.socPermille)}).`)
    }
    if (props.kind === 'charge' && (energyWh < props.energyWh || socPermille < props.socPermille)) {
      return setProblem(`A charge cannot lower energy or SOC (now ${formatKWh(props.energyWh)}, ${formatPercent(props.socPermille)}).`)
    }
    setProblem(null)
    // Sent: the reading it leads to is the starting point of the next one.
    edited.current = { energy: false, soc: false }
    const body: EnergyBody = { batteryId: props.batteryId, energyWh, socPermille, duration }
    setDone(`${verb === 'Charge' ? 'Charged' : 'Discharged'} to ${formatKWh(energyWh)}, ${formatPercent(socPermille)}, over ${formatDuration(duration)}.`)
    void run(`${verb} battery ${props.batteryId}`, (): Promise<OperationResult> => (props.kind === 'charge' ? api.charge(body) : api.discharge(body)))
  }

  return (
    <div className="action">
      <form className="form" onSubmit={submit} data-testid={`${id}-form`} noValidate>
        <p className="muted small">
          The battery's reading after the {props.kind}; now {formatKWh(props.energyWh)}, {formatPercent(props.socPermille)}.
        </p>
        <div className="form-row">
          <label htmlFor={`${id}-energy`}>Energy (kWh)</label>
          <input id={`${id}-energy`} name="energy" inputMode="decimal" value={energy} onChange={(e) => ((edited.current.energy = true), setEnergy(e.target.value))} />
        </div>
        <div className="form-row">
          <label htmlFor={`${id}-soc`}>SOC (%)</label>
          <input id={`${id}-soc`} name="soc" inputMode="decimal" value={soc} onChange={(e) => ((edited.current.soc = true), setSoc(e.target.value))} />
        </div>
        <fieldset className="form-row duration">
          <legend>Duration</legend>
          <span className="duration-parts">
            <input id={`${id}-hours`} name="hours" aria-label="hours" inputMode="numeric" value={hours} onChange={(e) => setHours(e.target.value)} />
            <label htmlFor={`${id}-hours`}>h</label>
            <input id={`${id}-minutes`} name="minutes" aria-label="minutes" inputMode="numeric" value={minutes} onChange={(e) => setMinutes(e.target.value)} />
            <label htmlFor={`${id}-minutes`}>min</label>
          </span>
        </fieldset>
        {problem && <p className="form-problem">{problem}</p>}
        <button type="submit" disabled={pending || props.disabled} data-testid={`${id}-submit`}>
          {verb}
        </button>
      </form>
      <OperationFeedback op={op} summary={() => done} />
    </div>
  )
}
