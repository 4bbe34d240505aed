import { useState, type FormEvent } from 'react'
import { useDevice, useFetch, useOperation } from '../shared/device'
import { OperationFeedback } from '../shared/Feedback'
import { unitName } from '../shared/format'
import { EMPTY_PLACE, PlaceFields, draftOf, readPlaceDraft } from '../shared/PlaceFields'
import type { AccountView } from '../shared/types'

const STATION_FLAG = 0x80000000

/**
 * Places (or moves) a station already registered: one registered before places existed, one whose placing
 * failed after its registration, or one that moved. Only the super account sets a location; the form starts
 * from the station's place on chain, if it has one.
 */
export function PlaceStationForm(props: { accounts: AccountView[] }) {
  const { api } = useDevice()
  const { op, run, pending } = useOperation()
  const stations = useFetch(() => api.stations(), [op])
  const registered = props.accounts.filter((a) => a.role === 'StationOperator')
  const [stationId, setStationId] = useState<number | null>(null)
  const [place, setPlace] = useState(EMPTY_PLACE)
  const [problem, setProblem] = useState<string | null>(null)
  const pick = (id: number) => {
    setStationId(id)
    const now = stations.data?.find((s) => s.stationId === id)?.place
    setPlace(now ? draftOf(now) : EMPTY_PLACE)
  }
  const submit = (e: FormEvent) => {
    e.preventDefault()
    if (stationId === null) return setProblem('Choose the station to place.')
    const where = readPlaceDraft(place)
    if (typeof where === 'string') return setProblem(where)
    setProblem(null)
    void run(`Place station ${stationId} at ${where.name}`, () => api.setStationPlace({ stationId, place: where }))
  }
  return (
    <form className="card form" onSubmit={submit} data-testid="place-station-form" noValidate>
      <h3>Place a station</h3>
      <p className="muted small">Where a registered station is, for the EVs' finder. Its operator can change all but the location.</p>
      <div className="form-row">
        <label htmlFor="place-station">Station</label>
        <select id="place-station" value={stationId ?? ''} onChange={(e) => pick(Number(e.target.value))}>
          <option value="">Choose a station…</option>
          {registered.map((a) => {
            const id = (a.unit & ~STATION_FLAG) >>> 0
            const placed = stations.data?.find((s) => s.stationId === id)?.place
            return (
              <option key={a.address} value={id}>
                {unitName(a.unit)}
                {placed ? ` · ${placed.name}` : ' · not placed yet'}
              </option>
            )
          })}
        </select>
      </div>
      {stationId !== null && <PlaceFields id="place" draft={place} onChange={setPlace} />}
      {problem && <p className="form-problem">{problem}</p>}
      <button type="submit" disabled={pending || stationId === null}>
        Place station
      </button>
      <OperationFeedback op={op} />
    </form>
  )
}
