import { isReported, type NegativeEvent, type Reported } from './passportDoc'
import { NOT_REPORTED_TEXT, formatIsoTime } from './passportFormat'

/** The negative events (deep discharge, overcharge, over-temperature), "none reported", or "not reported". */
export function NegativeEvents(props: { events: Reported<NegativeEvent[]> }) {
  const e = props.events
  if (!isReported(e)) return <p className="not-reported" data-testid="negative-events" data-count="">Negative events: {NOT_REPORTED_TEXT}.</p>
  if (e.length === 0) return <p data-testid="negative-events" data-count="0">None reported.</p>
  return (
    <ul className="negative-events" data-testid="negative-events" data-count={e.length}>
      {e.map((x, i) => (
        <li key={`${x.negativeEvent}-${i}`}>
          {x.negativeEvent}
          <span className="as-of muted small"> as of {formatIsoTime(x.lastUpdate)}</span>
        </li>
      ))}
    </ul>
  )
}
