import { useDevice, useFetch } from '../shared/device'
import { formatECoin, formatHoldEnd, STATION_FLAG, unitName } from '../shared/format'
import { Section } from '../shared/Layout'
import { useClock } from '../shared/useClock'

/**
 * The station's batteries held for EVs on their way: the operator keeps those disks for them. A hold that ran
 * out is released by the station itself, and its fee paid as the super account's terms say.
 */
export function StationHolds() {
  const { api, state } = useDevice()
  // Its own entry only, not every station's batteries and holds.
  const stationId = (state.unit & ~STATION_FLAG) >>> 0
  const stations = useFetch(() => api.stations(stationId), [stationId])
  const now = useClock()
  const holds = (stations.data?.find((s) => s.unit === state.unit)?.holds ?? []).filter((h) => h.until * 1000 > now)
  if (holds.length === 0) return null
  return (
    <Section title="Held for EVs on their way" testId="station-holds">
      <ul className="plain-list">
        {holds.map((h) => (
          <li key={h.batteryId} data-testid={`station-hold-${h.batteryId}`}>
            Battery {h.batteryId} is held for {unitName(h.evUnit)} {formatHoldEnd(h.until, now)}; its {formatECoin(h.fee)} fee is in escrow. Keep its disk for that EV.
          </li>
        ))}
      </ul>
    </Section>
  )
}
