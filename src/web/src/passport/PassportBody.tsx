import './passport.css'
import type { ApiError } from '../shared/api'
import type { PassportDoc } from './passportDoc'
import { PassportCondition } from './PassportCondition'
import { PassportSummary } from './PassportSummary'

/**
 * A passport document for a person: the public part always, the condition when the document is the
 * legitimate-interest tier, and, when that tier was refused, the station's sentence saying who may read it.
 */
export function PassportBody(props: { doc: PassportDoc; refused?: ApiError | null }) {
  const d = props.doc
  return (
    <div className="passport" data-testid="passport" data-tier={d.header.tier} data-battery-id={d.header.batteryId}>
      {props.refused && (
        <div className="refused-box" data-testid="passport-refused">
          <strong>Only the public passport:</strong> {props.refused.message}
          {props.refused.hint && <div className="muted small">Hint: {props.refused.hint}</div>}
        </div>
      )}
      <div className="passport-cols">
        <PassportSummary doc={d} />
        {d.header.tier === 'legitimate' && <PassportCondition doc={d} />}
      </div>
      <p className="muted small">
        {d.header.tier === 'public' ? 'Public passport' : 'Legitimate-interest passport'} · {d.header.dataModel} · <span className="mono">{d.header.passportIdentifier}</span>
      </p>
    </div>
  )
}
