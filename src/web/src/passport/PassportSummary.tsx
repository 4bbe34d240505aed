import { isReported, type PassportDoc } from './passportDoc'
import { batteryStatusWords, formatMonth, formatReported } from './passportFormat'
import { PassportQr } from './PassportQr'
import { ReportedValue } from './ReportedValue'

/**
 * What anyone may read of a battery (the public tier): who made it, its chemistry and status, its ratings,
 * and the QR code of its passport.
 */
export function PassportSummary(props: { doc: PassportDoc }) {
  const d = props.doc
  const g = d.generalProductInformation
  const t = d.performance.batteryTechicalProperties
  const chem = d.materialComposition.batteryChemistry
  const rating = (v: typeof t.ratedEnergy, unit: string) => (isReported(v) ? formatReported(v, unit) : null)
  return (
    <div className="card passport-summary" data-testid="passport-summary">
      <div className="passport-summary-text">
        <h3>
          <span className="brand" data-testid="passport-brand">
            {g.manufacturerInformation.contactName}
          </span>{' '}
          <span className="battery-id">#{d.header.batteryId}</span>
        </h3>
        <dl className="kv" data-testid="passport-general">
          <dt>Manufacturer</dt>
          <dd>{g.manufacturerInformation.contactName}</dd>
          <dt>Made</dt>
          <dd>{formatMonth(g.manufacturingDate)}</dd>
          <dt>Chemistry</dt>
          <dd data-testid="passport-chemistry">
            <ReportedValue text={isReported(chem) ? (isReported(chem.clearName) ? `${chem.shortName} (${chem.clearName})` : chem.shortName) : null} />
          </dd>
          <dt>Status</dt>
          <dd data-testid="passport-status" data-status={g.batteryStatus}>
            {batteryStatusWords[g.batteryStatus] ?? g.batteryStatus}
          </dd>
        </dl>
        <h4 className="subhead">Ratings</h4>
        <dl className="kv" data-testid="passport-ratings">
          <dt>Certified energy</dt>
          <dd data-testid="rating-energy">
            <ReportedValue text={rating(t.ratedEnergy, 'kWh')} />
          </dd>
          <dt>Capacity</dt>
          <dd data-testid="rating-capacity">
            <ReportedValue text={rating(t.ratedCapacity, 'Ah')} />
          </dd>
          <dt>Nominal voltage</dt>
          <dd data-testid="rating-voltage">
            <ReportedValue text={rating(t.nominalVoltage, 'V')} />
          </dd>
          <dt>Expected cycles</dt>
          <dd data-testid="rating-cycles">
            <ReportedValue text={rating(t.expectedNumberOfCycles, 'cycles')} />
          </dd>
          <dt>Expected lifetime</dt>
          <dd data-testid="rating-lifetime">
            <ReportedValue text={rating(t.expectedLifetime, 'years')} />
          </dd>
          <dt>Exhausted below</dt>
          <dd data-testid="rating-threshold">
            <ReportedValue text={isReported(t.capacityThresholdForExhaustion) ? `${formatReported(t.capacityThresholdForExhaustion, '')} % state of health` : null} />
          </dd>
        </dl>
      </div>
      <PassportQr url={d.header.publicUrl} batteryId={d.header.batteryId} />
    </div>
  )
}
