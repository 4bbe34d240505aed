import type { StationPlace } from './types'

/** A station's place as its form holds it: text, so a half-typed number stays as typed. */
export type PlaceDraft = { name: string; latitude: string; longitude: string; address: string; openingHours: string; formats: string }

export const EMPTY_PLACE: PlaceDraft = { name: '', latitude: '', longitude: '', address: '', openingHours: '', formats: '' }

/** The form's text of a place read from the chain. */
export function draftOf(p: StationPlace): PlaceDraft {
  return { name: p.name, latitude: String(p.latitude), longitude: String(p.longitude), address: p.address, openingHours: p.openingHours, formats: p.formats.join(', ') }
}

/** The place a draft says, or what to fix in it, in a sentence. */
export function readPlaceDraft(d: PlaceDraft): StationPlace | string {
  const latitude = Number(d.latitude.trim())
  const longitude = Number(d.longitude.trim())
  if (!d.name.trim()) return 'Give the station a name.'
  if (!d.latitude.trim() || !Number.isFinite(latitude) || Math.abs(latitude) > 90) return 'Latitude must be degrees from -90 to 90, e.g. 48.137154.'
  if (!d.longitude.trim() || !Number.isFinite(longitude) || Math.abs(longitude) > 180) return 'Longitude must be degrees from -180 to 180, e.g. 11.576124.'
  const formats = d.formats.split(',').map((f) => f.trim()).filter(Boolean)
  if (formats.length > 8) return 'List at most 8 battery formats.'
  return { name: d.name.trim(), latitude, longitude, address: d.address.trim(), openingHours: d.openingHours.trim(), formats }
}

/**
 * The inputs of a station's place: name, location, address, opening hours and battery formats. `fixedLocation`
 * shows the location read-only (an operator may change all but it).
 */
export function PlaceFields(props: { id: string; draft: PlaceDraft; onChange(d: PlaceDraft): void; fixedLocation?: boolean }) {
  const field = (key: keyof PlaceDraft, label: string, placeholder: string, extra: { readOnly?: boolean; inputMode?: 'decimal' } = {}) => (
    <div className="form-row">
      <label htmlFor={`${props.id}-${key}`}>{label}</label>
      <input id={`${props.id}-${key}`} placeholder={placeholder} value={props.draft[key]} onChange={(e) => props.onChange({ ...props.draft, [key]: e.target.value })} autoComplete="off" {...extra} />
    </div>
  )
  const fixed = props.fixedLocation ? { readOnly: true } : {}
  return (
    <>
      {field('name', 'Station name', 'Marienplatz')}
      {field('latitude', `Latitude (°)${props.fixedLocation ? ', set by the super account' : ''}`, '48.137154', { inputMode: 'decimal', ...fixed })}
      {field('longitude', `Longitude (°)${props.fixedLocation ? ', set by the super account' : ''}`, '11.576124', { inputMode: 'decimal', ...fixed })}
      {field('address', 'Address', 'Marienplatz 8, 80331 München')}
      {field('openingHours', 'Opening hours', 'Mo-Fr 07:00-22:00; Sa 08:00-20:00 (or 24/7)')}
      {field('formats', 'Battery formats (comma-separated)', 'BYD, CATL')}
    </>
  )
}
