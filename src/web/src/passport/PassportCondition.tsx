import { lazy, Suspense } from 'react'
import { Loading } from '../shared/Feedback'
import { CyclesBar } from './CyclesBar'
import { NegativeEvents } from './NegativeEvents'
import { isReported, type PassportDoc } from './passportDoc'
import { formatReported } from './passportFormat'
import { ReportedValue } from './ReportedValue'

// chart.js is most of a passport's weight: loaded when a chart is first shown, not with the GUI.
const SohChart = lazy(() => import('./SohChart').then((m) => ({ default: m.SohChart })))

/**
 * The legitimate-interest tier's condition of a battery: state of health over time, cycles against expected
 * cycles, remaining energy, capacity fade and negative events, each value with the time of its reading.
 */
export function PassportCondition(props: { doc: PassportDoc }) {
  const c = props.doc.performance.batteryCondition
  const t = props.doc.performance.batteryTechicalProperties
  const history = props.doc.history ?? []
  if (!c) return null
  const soh = c.stateOfCertifiedEnergy
  const energy = c.remainingEnergy
  const fade = c.capacityFade
  return (
    <div className="card passport-condition" data-testid="passport-condition">
      <h3>Condition</h3>
      <dl className="kv">
        <dt>State of health</dt>
        <dd data-testid="condition-soh">
          <ReportedValue text={isReported(soh) ? formatReported(soh.stateOfCertifiedEnergyValue, '%') : null} asOf={isReported(soh) ? soh.lastUpdate : undefined} />
        </dd>
        <dt>Remaining energy</dt>
        <dd data-testid="condition-energy">
          <ReportedValue text={isReported(energy) ? formatReported(energy.remainingEnergyValue, 'kWh') : null} asOf={isReported(energy) ? energy.lastUpdate : undefined} />
        </dd>
        <dt>Capacity fade</dt>
        <dd data-testid="condition-fade">
          <ReportedValue text={isReported(fade) ? formatReported(fade.capacityFadeValue, '%') : null} asOf={isReported(fade) ? fade.lastUpdate : undefined} />
        </dd>
      </dl>
      <h4 className="subhead">Cycles</h4>
      <CyclesBar cycles={c.numberOfFullCycles} expected={t.expectedNumberOfCycles} />
      <h4 className="subhead">State of health over time</h4>
      {history.length ? (
        <Suspense fallback={<Loading what="Drawing the chart" />}>
          <SohChart history={history} threshold={isReported(t.capacityThresholdForExhaustion) ? t.capacityThresholdForExhaustion : null} />
        </Suspense>
      ) : (
        <p className="not-reported" data-testid="soh-none">
          No state of health reported yet.
        </p>
      )}
      <h4 className="subhead">Negative events</h4>
      <NegativeEvents events={c.negativeEvents} />
    </div>
  )
}
