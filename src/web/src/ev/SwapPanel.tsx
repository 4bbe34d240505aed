import { useEffect, useMemo, useState } from 'react'
import { fromChain, fromDevice, sameAddress, type BatteryModel } from '../shared/battery'
import { BatteryCard } from '../shared/BatteryCard'
import { useDevice, useFetch, useOperation } from '../shared/device'
import { ErrorBox, Loading, OperationFeedback } from '../shared/Feedback'
import { batteryStatusLabel, formatECoin, formatKWh, formatPercent, toCents, unitName } from '../shared/format'
import { Section } from '../shared/Layout'
import { whoPays } from '../shared/swapMoney'
import type { OperationResult, StationInfo } from '../shared/types'
import { HoldButton } from './HoldButton'
import { MyHold, myHold } from './MyHold'

/**
 * Fig. 7, first half: pick one of your batteries and a station's battery, read the quote, request the swap.
 * The request carries the quoted cost as `maxCost`, so the EV owner never pays more than what was shown.
 * A station battery is offered only where its disk is: the chain says the station holds it and the station's
 * swap interface has its USB disk (between an approval and the USB move, the two disagree).
 */
export function SwapPanel() {
  const { api, state } = useDevice()
  const stations = useFetch(() => api.stations(), [])
  const swaps = useFetch(() => api.swaps(), [])
  const { op, run, pending, clear } = useOperation()
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
  const { offered: stationBatteries, away, wornOut, heldForOthers, unknown } = offeredAt(station, state.unit)
  const holding = myHold(stations.data, state.unit, Date.now())
  // A battery on the station's charger is shown charging, and chosen once its charge ends: a swap request
  // would lock it mid-charge, and the charge could no longer reach the chain.
  const charging = new Map((Array.isArray(station?.slots) ? station.slots : []).filter((x) => x.charging).map((x) => [x.batteryId, x.charging!]))
  const sb = stationBatteries.find((b) => String(b.id) === stationBatteryChoice && b.status === 'InService' && !charging.has(b.id))

  const quote = useFetch(ev && sb ? () => api.quote(ev.id, sb.id!) : null, [ev?.id, sb?.id])
  const cost = toCents(quote.data?.cost)
  const balance = toCents(state.balance) ?? 0n
  const short = cost !== null && balance < cost

  const request = () => {
    if (!ev || !sb || !quote.data || !station) return
    void run(`Request swap of your ${ev.brand} battery ${ev.id} for ${sb.brand} battery ${sb.id} at ${unitName(station.unit)}`, () =>
      api.requestSwap({ evBatteryId: ev.id, stationBatteryId: sb.id!, maxCost: quote.data!.cost }),
    )
  }
  // The request's result box goes when the station decides: that is the next step (told in My swap requests).
  const requested = requestedSwapId(op?.result ?? null)
  const decided = requested !== null && swaps.data?.some((x) => x.id === requested && x.status !== 'Pending')
  useEffect(() => {
    if (decided) clear()
  }, [decided, clear])

  return (
    <Section title="Swap a battery" testId="swap-panel">
      <MyHold
        stations={stations.data}
        onChoose={(s, batteryId) => {
          setStationChoice(String(s.stationId))
          setStationBatteryChoice(String(batteryId))
        }}
      />
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
                  {unitName(s.unit)} · {stationLabel(s, state.unit)}
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
              <option key={b.id} value={String(b.id)} disabled={b.status !== 'InService' || charging.has(b.id)}>
                {b.brand} #{b.id} · {charging.has(b.id) ? `charging, ${formatPercent(charging.get(b.id)!.socPermille)}` : formatPercent(b.socPermille)} · {formatKWh(charging.get(b.id)?.energyWh ?? b.energyWh)} · {formatECoin(b.price)}
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
                <dt className="total">You pay now (escrow)</dt>
                <dd className="total" data-testid="quote-cost">
                  {formatECoin(quote.data.cost)}
                </dd>
              </dl>
            )}
            {quote.data && (
              <div className="quote-words small" data-testid="quote-who-pays">
                <span className="muted">On approval: </span>
                {whoPays(quote.data, 'ev', station ? unitName(station.unit) : 'the station').join(' ')}
              </div>
            )}
            {short && <p className="form-problem">Your balance ({formatECoin(state.balance)}) does not cover this swap.</p>}
          </div>
        )}
        <button type="button" data-testid="request-swap" disabled={!ev || !sb || !quote.data || pending || short} onClick={request}>
          Request swap
        </button>
        <p className="muted small">The cost is held in escrow until the station operator approves (or returned if denied or cancelled).</p>
        <OperationFeedback
          op={op}
          summary={(r) => `Swap ${requested ?? ''} requested. ${formatECoin(escrowOf(r))} is held in escrow until ${station ? unitName(station.unit) : 'the station'} approves or denies it.`}
        />
      </div>

      {station && (unknown || away > 0) && (
        <p className="muted small" data-testid="station-stock-note">
          {unknown
            ? `${unitName(station.unit)} did not say which USB disks are in its slots, so none of its batteries can be chosen now. Try again in a moment.`
            : `${away} ${away === 1 ? 'battery' : 'batteries'} of ${unitName(station.unit)} not offered: the chain puts ${away === 1 ? 'it' : 'them'} there, but the USB disk is not in its slots yet.`}
        </p>
      )}
      {station && heldForOthers > 0 && (
        <p className="muted small" data-testid="station-held-note">
          {`${heldForOthers} ${heldForOthers === 1 ? 'battery' : 'batteries'} of ${unitName(station.unit)} not offered: held for another EV on its way.`}
        </p>
      )}
      {station && wornOut > 0 && (
        <p className="muted small" data-testid="station-worn-note">
          {`${wornOut} ${wornOut === 1 ? 'battery' : 'batteries'} of ${unitName(station.unit)} not offered: worn out (state of health under ${wornOut === 1 ? 'its' : 'their'} exhaustion threshold), for recycling.`}
        </p>
      )}
      {station && stationBatteries.length > 0 && (
        <div className="station-stock" data-testid="station-stock">
          <h3 className="subhead">At {unitName(station.unit)}</h3>
          <div className="grid">
            {stationBatteries.map((b) => (
              <BatteryCard key={b.id} battery={b} testId={`station-battery-${b.id}`} compact chosen={sb?.id === b.id}>
                {charging.has(b.id) && (
                  <p className="small" data-testid={`station-battery-${b.id}-charging`}>
                    Charging, {formatPercent(charging.get(b.id)!.socPermille)} ({formatKWh(charging.get(b.id)!.energyWh)}): it can be chosen once its charge ends.
                  </p>
                )}
                <button
                  type="button"
                  className="secondary"
                  disabled={b.status !== 'InService' || charging.has(b.id)}
                  aria-pressed={sb?.id === b.id}
                  onClick={() => setStationBatteryChoice(String(b.id))}
                >
                  {sb?.id === b.id ? 'Chosen' : charging.has(b.id) ? 'Charging' : 'Choose'}
                </button>
                {holding?.hold.batteryId !== b.id && b.status === 'InService' && <HoldButton station={station} batteryId={b.id!} holdingOther={holding !== null} />}
              </BatteryCard>
            ))}
          </div>
        </div>
      )}
      </div>
    </Section>
  )
}

/**
 * The batteries of a station an EV may pick: held by the station on chain and with their USB disk in its
 * slots. `away` counts the ones whose disk is not there; `unknown` is true when the station did not say.
 */
function offeredAt(station: StationInfo | undefined, unit: number): { offered: BatteryModel[]; away: number; wornOut: number; heldForOthers: number; unknown: boolean } {
  if (!station) return { offered: [], away: 0, wornOut: 0, heldForOthers: 0, unknown: false }
  if (!Array.isArray(station.slots)) return { offered: [], away: 0, wornOut: 0, heldForOthers: 0, unknown: true }
  const inSlots = new Set(station.slots.map((x) => x.batteryId))
  const here = station.batteries.filter((b) => inSlots.has(b.id))
  // The chain refuses an exhausted battery as the station's side of a swap: it is not offered.
  const healthy = here.filter((b) => !b.health?.exhausted)
  // Nor one held for another EV: its request would be refused until the hold ends.
  const now = Date.now() / 1000
  const heldElsewhere = new Set((station.holds ?? []).filter((h) => h.evUnit !== unit && h.until > now).map((h) => h.batteryId))
  const offered = healthy.filter((b) => !heldElsewhere.has(b.id))
  return { offered: offered.map((b) => fromChain(b)), away: station.batteries.length - here.length, wornOut: here.length - healthy.length, heldForOthers: healthy.length - offered.length, unknown: false }
}

function stationLabel(s: StationInfo, unit: number): string {
  const { offered, unknown } = offeredAt(s, unit)
  if (unknown) return 'not answering'
  return `${offered.length} ${offered.length === 1 ? 'battery' : 'batteries'}`
}

/** What the request put in escrow, from its event: max(difference, 0) + fee, as the contract computes it. */
function escrowOf(result: OperationResult): bigint | null {
  const args = result.events.find((e) => e.event === 'SwapRequested')?.args
  const d = toCents(args?.difference as string | undefined)
  const fee = toCents(args?.fee as string | undefined)
  return d === null || fee === null ? null : (d > 0n ? d : 0n) + fee
}

function requestedSwapId(result: OperationResult | null): number | null {
  const id = result?.events.find((e) => e.event === 'SwapRequested')?.args.swapId
  return id === undefined ? null : Number(id)
}
