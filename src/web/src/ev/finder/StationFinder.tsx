import type { ReactNode } from 'react'
import './finder.css'
import { useDevice, useFetch } from '../../shared/device'
import type { BatteryModel } from '../../shared/battery'
import { ErrorBox } from '../../shared/Feedback'
import { formatECoin, formatKWh, formatPercent, toCents, unitName } from '../../shared/format'
import type { Slot, StationInfo } from '../../shared/types'

type ChargingReading = NonNullable<Slot['charging']>
import { formatKm } from './formatKm'
import { offeredAt } from './offeredAt'
import { openNow } from './openNow'
import type { StationNearby } from './sortByDistance'

export type FinderChoice = { stationId: number; batteryId: number }

type FinderProps = {
  unit: number
  evBatteryId: number | null
  chosen: FinderChoice | null
  onChoose(c: FinderChoice): void
  /** More actions on an offered battery, beside Choose (a hold), given its quote for the EV's battery (cents), once known. */
  actions?(station: StationInfo, battery: BatteryModel, cost: bigint | null): ReactNode
}

/**
 * Stations nearest first, each with where it is, whether it is open now, what it takes, and the charged
 * batteries it offers now with their quote for the EV's chosen battery. Choosing one leads into the swap
 * request below; a station that did not answer says so and offers nothing.
 */
export function StationFinder(props: FinderProps & { nearby: StationNearby[] }) {
  if (props.nearby.length === 0) return <p className="muted">No station is registered on this network yet.</p>
  return (
    <ol className="finder" data-testid="finder">
      {props.nearby.map(({ station, km }) => (
        <StationCard key={station.stationId} station={station} km={km} {...props} />
      ))}
    </ol>
  )
}

function StationCard(props: FinderProps & { station: StationInfo; km: number | null }) {
  const s = props.station
  const place = s.place ?? null
  const offer = offeredAt(s, props.unit)
  const open = place ? openNow(place.openingHours, new Date()) : null
  const byCharge = [...offer.offered].sort((a, b) => b.socPermille - a.socPermille || (a.id ?? 0) - (b.id ?? 0))
  // A battery on the station's charger is shown with its live reading, and chosen once its charge ends: a swap
  // request would lock it mid-charge, and the charge could no longer reach the chain.
  const charging = new Map((Array.isArray(s.slots) ? s.slots : []).filter((x) => x.charging).map((x) => [x.batteryId, x.charging!]))
  return (
    <li className="card finder-station" data-testid={`finder-station-${s.stationId}`} data-km={props.km ?? ''} data-answering={String(!offer.unknown)}>
      <div className="finder-head">
        <h3>{place ? place.name : unitName(s.unit)}</h3>
        <span className="finder-distance" data-testid="finder-distance">
          {formatKm(props.km)}
        </span>
      </div>
      <p className="muted small">
        {unitName(s.unit)}
        {place ? ` · ${place.address || 'no address given'}` : ' · not placed yet: the super account has not set its location'}
      </p>
      {place && (
        <p className="small" data-testid="finder-hours">
          {open !== null && <span className={`chip ${open ? 'finder-open' : 'finder-closed'}`}>{open ? 'Open now' : 'Closed now'}</span>} {place.openingHours || 'Opening hours not given'}
          {place.formats.length > 0 && <span className="muted"> · takes {place.formats.join(', ')}</span>}
        </p>
      )}
      {offer.unknown ? (
        <p className="finder-silent" data-testid="not-answering">
          Not answering: {unitName(s.unit)} did not say which USB disks are in its slots, so none of its batteries can be chosen now.
        </p>
      ) : byCharge.length === 0 ? (
        <p className="muted small">No battery to swap here now.</p>
      ) : (
        <ul className="finder-batteries">
          {byCharge.map((b) => (
            <OfferRow key={b.id} stationId={s.stationId} battery={b} charging={charging.get(b.id) ?? null} evBatteryId={props.evBatteryId} chosen={props.chosen?.batteryId === b.id} onChoose={props.onChoose} actions={props.actions && ((cost) => props.actions!(s, b, cost))} />
          ))}
        </ul>
      )}
      {offer.away > 0 && (
        <p className="muted small" data-testid="station-stock-note">
          {`${offer.away} ${offer.away === 1 ? 'battery' : 'batteries'} of ${unitName(s.unit)} not offered: the chain puts ${offer.away === 1 ? 'it' : 'them'} there, but the USB disk is not in its slots yet.`}
        </p>
      )}
      {offer.heldForOthers > 0 && (
        <p className="muted small" data-testid="station-held-note">
          {`${offer.heldForOthers} ${offer.heldForOthers === 1 ? 'battery' : 'batteries'} of ${unitName(s.unit)} not offered: held for another EV on its way.`}
        </p>
      )}
      {offer.wornOut > 0 && (
        <p className="muted small" data-testid="station-worn-note">
          {`${offer.wornOut} ${offer.wornOut === 1 ? 'battery' : 'batteries'} of ${unitName(s.unit)} not offered: worn out (state of health under ${offer.wornOut === 1 ? 'its' : 'their'} exhaustion threshold), for recycling.`}
        </p>
      )}
    </li>
  )
}

/** One battery on offer: brand, charge, price, and what the swap would cost with the EV's chosen battery. */
function OfferRow(props: { stationId: number; battery: BatteryModel; charging: ChargingReading | null; evBatteryId: number | null; chosen: boolean; onChoose(c: FinderChoice): void; actions?: ((cost: bigint | null) => ReactNode) | undefined }) {
  const { api } = useDevice()
  const b = props.battery
  const id = b.id!
  const quote = useFetch(props.evBatteryId !== null ? () => api.quote(props.evBatteryId!, id) : null, [props.evBatteryId, id])
  const charging = props.charging
  const usable = b.status === 'InService' && !charging
  return (
    <li className={`finder-battery${props.chosen ? ' chosen' : ''}`} data-testid={`station-battery-${id}`}>
      <span className="finder-brand">{b.brand}</span>
      <span>#{id}</span>
      <span data-testid="finder-soc">{formatPercent(charging?.socPermille ?? b.socPermille)}</span>
      <span className="muted">{formatKWh(charging?.energyWh ?? b.energyWh)}</span>
      <span className="muted">{formatECoin(b.price)}</span>
      <span className="finder-quote" data-testid="finder-quote">
        {props.evBatteryId === null ? '' : quote.error ? <ErrorBox error={quote.error} title="Quote" retry={quote.reload} /> : quote.data ? `you pay ${formatECoin(quote.data.cost)}` : '…'}
      </span>
      {/* Choose leads into the swap request; the other actions (a hold) sit beside it. */}
      <span className="finder-actions">
        <button type="button" className="secondary" data-testid={`choose-${id}`} disabled={!usable} aria-pressed={props.chosen} onClick={() => props.onChoose({ stationId: props.stationId, batteryId: id })}>
          {props.chosen ? 'Chosen' : charging ? 'Charging' : 'Choose'}
        </button>
        {props.actions?.(toCents(quote.data?.cost))}
      </span>
      {charging && (
        <span className="small finder-charging" data-testid={`station-battery-${id}-charging`}>
          Charging, {formatPercent(charging.socPermille)} ({formatKWh(charging.energyWh)}): it can be chosen once its charge ends.
        </span>
      )}
    </li>
  )
}
