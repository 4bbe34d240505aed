import { useMemo, useState } from 'react'
import { fromChain, fromDevice, sameAddress, type BatteryModel } from '../shared/battery'
import { BatteryCard } from '../shared/BatteryCard'
import { useDevice, useFetch, useOperation } from '../shared/device'
import { ErrorBox, Loading, OperationFeedback } from '../shared/Feedback'
import { batteryStatusLabel, formatECoin, formatKWh, formatPercent, toCents, unitName } from '../shared/format'
import { Section } from '../shared/Layout'

/**
 * Fig. 7, first half: pick one of your batteries and a station's battery, read the quote, request the swap.
 * The request carries the quoted cost as `maxCost`, so the EV owner never pays more than what was shown.
 */
export function SwapPanel() {
  const { api, state } = useDevice()
  const stations = useFetch(() => api.stations(), [])
  const { op, run, pending } = useOperation()
  const [evChoice, setEvChoice] = useState('')
  const [stationChoice, setStationChoice] = useState('')
  const [stationBatteryChoice, setStationBatteryChoice] = useState('')

  const mine = useMemo(
    () =>
      state.batteries
        .map(fromDevice)
        .filter((b): b is BatteryModel & { id: number } => !!b && b.id !== null && b.source === 'chain' && b.holder === state.unit && sameAddress(b.owner, state.address)),
    [state],
  )
  const eligibleMine = mine.filter((b) => b.status === 'InService')
  const ev = eligibleMine.find((b) => String(b.id) === evChoice) ?? (evChoice === '' ? eligibleMine[0] : undefined)

  const stationList = stations.data ?? []
  const station = stationList.find((s) => String(s.stationId) === stationChoice) ?? (stationChoice === '' ? stationList[0] : undefined)
  const stationBatteries = (station?.batteries ?? []).map((b) => fromChain(b))
  const sb = stationBatteries.find((b) => String(b.id) === stationBatteryChoice && b.status === 'InService')

  const quote = useFetch(ev && sb ? () => api.quote(ev.id, sb.id!) : null, [ev?.id, sb?.id])
  const cost = toCents(quote.data?.cost)
  const balance = toCents(state.balance) ?? 0n
  const short = cost !== null && balance < cost

  const request = () => {
    if (!ev || !sb || !quote.data) return
    void run(`Request swap of ${ev.brand} #${ev.id} for ${sb.brand} #${sb.id}`, () =>
      api.requestSwap({ evBatteryId: ev.id, stationBatteryId: sb.id!, maxCost: quote.data!.cost }),
    )
  }

  return (
    <Section title="Swap a battery" testId="swap-panel">
      <div className="split">
      <div className="card form swap-form">
        <div className="form-row">
          <label htmlFor="ev-battery-select">Your battery</label>
          <select id="ev-battery-select" data-testid="ev-battery-select" value={ev ? String(ev.id) : ''} onChange={(e) => setEvChoice(e.target.value)}>
            {!ev && <option value="">{mine.length === 0 ? 'No battery of yours to swap' : 'Choose your battery'}</option>}
            {mine.map((b) => (
              <option key={b.id} value={String(b.id)} disabled={b.status !== 'InService'}>
                {b.brand} #{b.id} · {formatPercent(b.socPermille)} · {formatECoin(b.price)}
                {b.status !== 'InService' ? ` (${batteryStatusLabel[b.status] ?? b.status})` : ''}
              </option>
            ))}
          </select>
        </div>
        <div className="form-row">
          <label htmlFor="station-select">Station</label>
          {stations.error ? (
            <ErrorBox error={stations.error} title="Stations" retry={stations.reload} />
          ) : !stations.data ? (
            <Loading what="Finding stations" />
          ) : (
            <select
              id="station-select"
              data-testid="station-select"
              value={station ? String(station.stationId) : ''}
              onChange={(e) => {
                setStationChoice(e.target.value)
                setStationBatteryChoice('')
              }}
            >
              {!station && <option value="">Choose a station</option>}
              {stationList.map((s) => (
                <option key={s.stationId} value={String(s.stationId)}>
                  {unitName(s.unit)} · {s.batteries.length} {s.batteries.length === 1 ? 'battery' : 'batteries'}
                </option>
              ))}
            </select>
          )}
        </div>
        <div className="form-row">
          <label htmlFor="station-battery-select">Station battery</label>
          <select
            id="station-battery-select"
            data-testid="station-battery-select"
            value={sb ? String(sb.id) : ''}
            onChange={(e) => setStationBatteryChoice(e.target.value)}
            disabled={!station}
          >
            <option value="">{stationBatteries.length === 0 ? 'No battery at this station' : 'Choose a battery'}</option>
            {stationBatteries.map((b) => (
              <option key={b.id} value={String(b.id)} disabled={b.status !== 'InService'}>
                {b.brand} #{b.id} · {formatPercent(b.socPermille)} · {formatKWh(b.energyWh)} · {formatECoin(b.price)}
                {b.status !== 'InService' ? ` (${batteryStatusLabel[b.status] ?? b.status})` : ''}
              </option>
            ))}
          </select>
        </div>

        {ev && sb && (
          <div className="quote-box">
            {quote.error && <ErrorBox error={quote.error} title="Quote" retry={quote.reload} />}
            {!quote.data && !quote.error && <Loading what="Asking for a quote" />}
            {quote.data && (
              <dl className="kv quote" data-testid="quote" data-cost={quote.data.cost} data-fee={quote.data.fee} data-difference={quote.data.difference}>
                <dt>Your {ev.brand} #{ev.id}</dt>
                <dd>{formatECoin(ev.price)}</dd>
                <dt>
                  {sb.brand} #{sb.id}
                </dt>
                <dd>{formatECoin(sb.price)}</dd>
                <dt>Price difference</dt>
                <dd>{formatECoin(quote.data.difference)}</dd>
                <dt>Swap fee</dt>
                <dd>{formatECoin(quote.data.fee)}</dd>
                <dt className="total">You pay</dt>
                <dd className="total" data-testid="quote-cost">
                  {formatECoin(quote.data.cost)}
                </dd>
              </dl>
            )}
            {short && <p className="form-problem">Your balance ({formatECoin(state.balance)}) does not cover this swap.</p>}
          </div>
        )}
        <button type="button" data-testid="request-swap" disabled={!ev || !sb || !quote.data || pending || short} onClick={request}>
          Request swap
        </button>
        <p className="muted small">The cost is held in escrow until the station operator approves (or returned if denied or cancelled).</p>
        <OperationFeedback op={op} />
      </div>

      {station && stationBatteries.length > 0 && (
        <div className="station-stock">
          <h3 className="subhead">At {unitName(station.unit)}</h3>
          <div className="grid">
            {stationBatteries.map((b) => (
              <BatteryCard key={b.id} battery={b} testId={`station-battery-${b.id}`} compact chosen={sb?.id === b.id}>
                <button
                  type="button"
                  className="secondary"
                  disabled={b.status !== 'InService'}
                  aria-pressed={sb?.id === b.id}
                  onClick={() => setStationBatteryChoice(String(b.id))}
                >
                  {sb?.id === b.id ? 'Chosen' : 'Choose'}
                </button>
              </BatteryCard>
            ))}
          </div>
        </div>
      )}
      </div>
    </Section>
  )
}
