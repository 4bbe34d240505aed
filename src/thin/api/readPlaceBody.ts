import type { StationPlace } from '../../sdk/places/StationPlace.js'
import { BadRequest } from './BadRequest.js'

const text = (p: Record<string, unknown>, field: string, max: number): string => {
  const v = p[field] ?? ''
  if (typeof v !== 'string') throw new BadRequest(`place.${field}`, `place.${field} must be text`)
  if (Buffer.byteLength(v) > max) throw new BadRequest(`place.${field}`, `place.${field} is ${Buffer.byteLength(v)} bytes long; shorten it to at most ${max}`)
  return v.trim()
}
const degrees = (p: Record<string, unknown>, field: string, max: number): number => {
  const v = typeof p[field] === 'string' ? Number(p[field]) : p[field]
  if (typeof v !== 'number' || !Number.isFinite(v) || Math.abs(v) > max) {
    throw new BadRequest(`place.${field}`, `place.${field} must be degrees from -${max} to ${max} (e.g. 48.137154)`)
  }
  return v
}

/**
 * The `place` of a request body: a station's name (required), latitude and longitude in degrees, address,
 * opening hours and battery formats, checked against what StationDirectory keeps so a mistake is a 400
 * naming the field rather than a refused transaction.
 *
 * @throws BadRequest naming the field, e.g. `place.latitude`
 * @example
 * readPlaceBody({ place: { name: 'Marienplatz', latitude: 48.137154, longitude: 11.576124, formats: ['BYD'] } })
 */
export function readPlaceBody(body: Record<string, unknown>): StationPlace {
  const raw = body.place
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new BadRequest('place', 'place must be an object with name, latitude, longitude, address, openingHours and formats')
  const p = raw as Record<string, unknown>
  const name = text(p, 'name', 64)
  if (!name) throw new BadRequest('place.name', 'place.name is empty: give the station a name')
  const formats = p.formats ?? []
  if (!Array.isArray(formats) || formats.length > 8 || formats.some((f) => typeof f !== 'string' || !f.trim() || Buffer.byteLength(f) > 16)) {
    throw new BadRequest('place.formats', 'place.formats must be a list of at most 8 battery brands or formats, each 1 to 16 bytes (e.g. ["BYD", "CATL"])')
  }
  return {
    name,
    latitude: degrees(p, 'latitude', 90),
    longitude: degrees(p, 'longitude', 180),
    address: text(p, 'address', 160),
    openingHours: text(p, 'openingHours', 160),
    formats: (formats as string[]).map((f) => f.trim()),
  }
}
