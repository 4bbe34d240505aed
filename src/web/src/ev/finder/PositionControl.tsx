import { useState, type FormEvent } from 'react'
import type { PositionSource } from './usePosition'
import type { Position } from '../../shared/types'

const SOURCE_WORDS: Record<PositionSource, string> = { config: "from this EV's device config", browser: "from the browser's position", typed: 'as typed' }

/** Where the finder measures from, and the two ways to take a reading: the browser's position, or typed. */
export function PositionControl(props: { position: Position | null; source: PositionSource | null; problem: string | null; locating: boolean; locate(): void; type(p: Position): void }) {
  const [text, setText] = useState('')
  const [typo, setTypo] = useState<string | null>(null)
  const submit = (e: FormEvent) => {
    e.preventDefault()
    const [lat, lon, ...rest] = text.split(',').map((x) => Number(x.trim()))
    if (rest.length || lat === undefined || lon === undefined || !text.includes(',') || !Number.isFinite(lat) || !Number.isFinite(lon) || Math.abs(lat) > 90 || Math.abs(lon) > 180) {
      return setTypo('Type latitude and longitude in degrees, separated by a comma: 48.1617, 11.5863.')
    }
    setTypo(null)
    props.type({ latitude: lat, longitude: lon })
    setText('')
  }
  return (
    <form className="finder-position small" onSubmit={submit} data-testid="finder-position" noValidate>
      <span data-testid="finder-from">
        {props.position
          ? `Distances from ${props.position.latitude.toFixed(4)}, ${props.position.longitude.toFixed(4)} (${SOURCE_WORDS[props.source!]}).`
          : 'This EV has no position: stations are listed by number. Use the browser’s position or type one.'}
      </span>
      <button type="button" className="secondary" onClick={props.locate} disabled={props.locating}>
        {props.locating ? 'Locating…' : 'Use my position'}
      </button>
      <input aria-label="Position (latitude, longitude)" data-testid="finder-position-input" placeholder="48.1617, 11.5863" value={text} onChange={(e) => setText(e.target.value)} />
      <button type="submit" className="secondary">
        Set
      </button>
      {(typo ?? props.problem) && <p className="form-problem">{typo ?? props.problem}</p>}
    </form>
  )
}
