import { formatDuration, formatKWh, formatPercent } from '../../shared/format'
import type { ChargeSession } from '../../shared/types'

/** A charge's live progress: a bar to full, the energy and SOC now, the power it gets and the time left. */
export function ChargeProgress(props: { session: ChargeSession }) {
  const s = props.session
  const charging = s.state === 'charging'
  return (
    <div className="charge-progress" data-testid={`charge-progress-${s.batteryId}`}>
      <div className="soc-bar soc-high" role="progressbar" aria-label={`Battery ${s.batteryId} charge`} aria-valuemin={0} aria-valuemax={100} aria-valuenow={s.socPermille / 10}>
        <div className={`soc-fill${charging ? ' charging' : ''}`} style={{ width: `${s.socPermille / 10}%` }} />
      </div>
      <p className="small" data-testid="charge-reading">
        {formatKWh(s.energyWh)} of {formatKWh(s.fullWh)}, {formatPercent(s.socPermille)}
        {charging && (
          <>
            {' '}· {(s.powerW / 1000).toFixed(1)} kW · {s.secondsLeft < 0 ? 'waiting for power' : `${formatDuration(s.secondsLeft)} left`}
          </>
        )}
      </p>
      {charging && s.problem && <p className="muted small">{s.problem}</p>}
    </div>
  )
}
