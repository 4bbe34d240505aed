import { formatPercent } from './format'

/** State of charge as a bar (permille 0..1000), colored by level. */
export function SocBar(props: { permille: number; label?: string }) {
  const p = Math.max(0, Math.min(1000, props.permille))
  const level = p < 200 ? 'low' : p < 500 ? 'mid' : 'high'
  return (
    <div className="soc" title={`State of charge ${formatPercent(p)}`}>
      <div
        className={`soc-bar soc-${level}`}
        role="meter"
        aria-label={props.label ?? 'State of charge'}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={p / 10}
        aria-valuetext={formatPercent(p)}
      >
        <div className="soc-fill" style={{ width: `${p / 10}%` }} />
      </div>
      <span className="soc-text">{formatPercent(p)}</span>
    </div>
  )
}
