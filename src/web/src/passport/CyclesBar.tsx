import { isReported, type Dynamic, type Reported } from './passportDoc'
import { NOT_REPORTED_TEXT, formatIsoTime } from './passportFormat'

/** Full cycles done against the cycles the battery is rated for: "412 of 3,000 cycles" and a bar. */
export function CyclesBar(props: { cycles: Dynamic<'numberOfFullCyclesValue'>; expected: Reported<number> }) {
  const done = isReported(props.cycles) ? props.cycles.numberOfFullCyclesValue : null
  const expected = isReported(props.expected) ? props.expected : null
  const n = (v: number) => v.toLocaleString()
  const text = done === null ? `cycles ${NOT_REPORTED_TEXT}` : expected === null ? `${n(done)} cycles (expected cycles not reported)` : `${n(done)} of ${n(expected)} cycles`
  const share = done !== null && expected ? Math.min(1, done / expected) : null
  return (
    <div className="cycles" data-testid="passport-cycles">
      <div className={done === null ? 'not-reported' : undefined} data-testid="cycles-text">
        {text}
        {isReported(props.cycles) && <span className="as-of muted small"> as of {formatIsoTime(props.cycles.lastUpdate)}</span>}
      </div>
      {share !== null && (
        <div className={`soc-bar ${share > 0.9 ? 'soc-low' : share > 0.7 ? 'soc-mid' : 'soc-high'}`} role="meter" aria-label="Full cycles of the expected" aria-valuemin={0} aria-valuemax={expected ?? 0} aria-valuenow={done ?? 0}>
          <div className="soc-fill" style={{ width: `${Math.max(share * 100, share > 0 ? 1 : 0)}%` }} />
        </div>
      )}
    </div>
  )
}
