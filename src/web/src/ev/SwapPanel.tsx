import { useEffect, useMemo, useState } from 'react'
import { fromDevice, sameAddress, type BatteryModel } from '../shared/battery'
import { useDevice, useFetch, useOperation } from '../shared/device'
import { ErrorBox, Loading, OperationFeedback } from '../shared/Feedback'
import { batteryStatusLabel, formatECoin, formatPercent, toCents, unitName } from '../shared/format'
import { Section } from '../shared/Layout'
import { whoPays } from '../shared/swapMoney'
import type { OperationResult } from '../shared/types'
import { formatKm } from './finder/formatKm'
import { HoldButton } from './HoldButton'
import { MyHold, myHold } from './MyHold'
import { offeredAt } from './finder/offeredAt'
import { PositionControl } from './finder/PositionControl'
import { sortByDistance } from './finder/sortByDistance'
import { StationFinder, type FinderChoice } from './finder/StationFinder'
import { usePosition } from './finder/usePosition'
import { StationMap } from './finder/StationMap'
import { useStationEvents } from './finder/useStationEvents'

/**
 * Fig. 7, first half: pick one of your batteries and, in the finder, a station's battery (stations nearest
 * first, with what each offers now and its quote); read the quote, request the swap. The request carries the
 * quoted cost as `maxCost`, so the EV owner never pays more than what was shown. A station battery is offered
 * only where its disk is: the chain says the station holds it and the station's swap interface has its USB
 * disk (between an approval and the USB move, the two disagree).
 */
export function SwapPanel() {
  const { api, state } = useDevice()
  const stations = useFetch(() => api.stations(), [])
  const feed = useStationEvents()
  // Reloaded in place (the list stays shown while the new one comes) on each change the stations' stream
  // reports; `reload` is a new function each render, so only the tick is a dependency.
  useEffect(() => {
    if (feed.tick > 0) stations.reload()
  }, [feed.tick])
  const swaps = useFetch(() => api.swaps(), [])
  const { op, run, pending, clear } = useOperation()
  const [evChoice, setEvChoice] = useState('')
  const [choice, setChoice] = useState<FinderChoice | null>(null)
  const here = usePosition(state.position)

  const mine = useMemo(
    () =>
      state.batteries
        .map(fromDevice)
        .filter((b): b is BatteryModel & { id: number } => !!b && b.id !== null && b.source === 'chain' && b.holder === state.unit && sameAddress(b.owner, state.address)),
    [state],
  )
  const eligibleMine = mine.filter((b) => b.status === 'InService')
  const ev = eligibleMine.find((b) => String(b.id) === evChoice) ?? (evChoice === '' ? eligibleMine[0] : undefined)

  const nearby = useMemo(() => sortByDistance(stations.data ?? [], here.position), [stations.data, here.position])
  const chosen = nearby.find((n) => n.station.stationId === choice?.stationId)
  const station = chosen?.station
  // Still offered in the latest list: a battery swapped away meanwhile is no longer chosen.
  const holding = myHold(stations.data, state.unit, Date.now())
  const sb = station ? offeredAt(station, state.unit).offered.find((b) => b.id === choice?.batteryId && b.status === 'InService') : undefined

  const quote = useFetch(ev && sb ? () => api.quote(ev.id, sb.id!) : null, [ev?.id, sb?.id])
  const cost = toCents(quote.data?.cost)
  const balance = toCents(state.balance) ?? 0n
  // One read of the hold terms for every Hold button of the finder.
  const holdTerms = useFetch(() => api.holdTerms(), [])
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
      <MyHold stations={stations.data} onChoose={(s, batteryId) => setChoice({ stationId: s.stationId, batteryId })} />
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
          <span className="label">Station battery</span>
          <p className="chosen-battery" data-testid="chosen-station-battery">
            {sb && station
              ? `${sb.brand} #${sb.id} · ${formatPercent(sb.socPermille)} at ${station.place?.name ?? unitName(station.unit)} (${unitName(station.unit)}, ${formatKm(chosen?.km ?? null)})`
              : 'Choose one in the list of stations.'}
          </p>
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

      <div className="finder-pane">
        <h3 className="subhead">
          Stations near you{' '}
          <span className="muted small" data-testid="finder-live">
            {feed.live ? '· live' : '· refreshed every 15 s'}
          </span>
        </h3>
        <PositionControl {...here} />
        {state.mapTiles && stations.data && <StationMap tiles={state.mapTiles} nearby={nearby} position={here.position} />}
        {stations.error ? (
          <ErrorBox error={stations.error} title="Stations" retry={stations.reload} />
        ) : !stations.data ? (
          <Loading what="Finding stations" />
        ) : (
          <StationFinder
            nearby={nearby}
            unit={state.unit}
            evBatteryId={ev?.id ?? null}
            chosen={sb && station ? { stationId: station.stationId, batteryId: sb.id! } : null}
            onChoose={setChoice}
            actions={(s, b, cost) =>
              holding?.hold.batteryId !== b.id && b.status === 'InService' && <HoldButton station={s} batteryId={b.id!} holdingOther={holding !== null} terms={holdTerms.data ?? null} balance={balance} cost={cost} />
            }
          />
        )}
      </div>
      </div>
    </Section>
  )
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
