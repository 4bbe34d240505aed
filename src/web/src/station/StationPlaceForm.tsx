import { useEffect, useState, type FormEvent } from 'react'
import { useDevice, useFetch, useOperation } from '../shared/device'
import { ErrorBox, Loading, OperationFeedback } from '../shared/Feedback'
import { STATION_FLAG } from '../shared/format'
import { Section } from '../shared/Layout'
import { draftOf, PlaceFields, readPlaceDraft, type PlaceDraft } from '../shared/PlaceFields'

/**
 * The station as EV owners find it: its name, address, opening hours and battery formats, which the operator
 * changes here. The location is the super account's, shown read-only.
 */
export function StationPlaceForm() {
  const { api, state } = useDevice()
  const stationId = (state.unit & ~STATION_FLAG) >>> 0
  const stations = useFetch(() => api.stations(), [])
  const { op, run, pending } = useOperation()
  const [draft, setDraft] = useState<PlaceDraft | null>(null)
  const [problem, setProblem] = useState<string | null>(null)
  const [saved, setSaved] = useState('')
  const current = stations.data?.find((s) => s.stationId === stationId)?.place ?? null
  const shown = draft ?? (current ? draftOf(current) : null)
  // The edits stay on screen until the chain's place (reread live) replaces them.
  const currentKey = JSON.stringify(current)
  useEffect(() => setDraft(null), [currentKey])

  const submit = (e: FormEvent) => {
    e.preventDefault()
    if (!shown || !current) return
    const place = readPlaceDraft(shown)
    if (typeof place === 'string') return setProblem(place)
    setProblem(null)
    setSaved(place.name)
    // The location goes back exactly as read: the contract refuses an operator's move.
    void run(`Update station ${stationId}'s details`, () => api.updateStationPlace({ ...place, latitude: current.latitude, longitude: current.longitude }))
  }
  return (
    <Section title="Where EV owners find this station" testId="station-place">
      {stations.error ? (
        <ErrorBox error={stations.error} title="Station" retry={stations.reload} />
      ) : !stations.data ? (
        <Loading what="Reading this station's place" />
      ) : !shown ? (
        <p className="muted">The super account has not placed station {stationId} yet: EV owners see it without a name or location until it does.</p>
      ) : (
        <form className="card form place-form" onSubmit={submit} data-testid="station-place-form" noValidate>
          <PlaceFields id="place" draft={shown} onChange={setDraft} fixedLocation />
          {problem && <p className="form-problem">{problem}</p>}
          <button type="submit" data-testid="station-place-save" disabled={pending || draft === null}>
            Save
          </button>
          <OperationFeedback op={op} summary={() => `EV owners now see station ${stationId} as ${saved}.`} />
        </form>
      )}
    </Section>
  )
}
