import { NOT_REPORTED_TEXT, formatIsoTime } from './passportFormat'

/** A value, or "not reported" in words (muted); with `asOf`, the time of the reading it comes from. */
export function ReportedValue(props: { text: string | null; asOf?: string | undefined; testId?: string }) {
  const reported = props.text !== null
  return (
    <span className={reported ? undefined : 'not-reported'} {...(props.testId ? { 'data-testid': props.testId } : {})}>
      {reported ? props.text : NOT_REPORTED_TEXT}
      {reported && props.asOf && <span className="as-of muted small"> as of {formatIsoTime(props.asOf)}</span>}
    </span>
  )
}
