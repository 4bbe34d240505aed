import { stringToHex } from 'viem'
import type { StationPlace } from './StationPlace.js'

/**
 * A place as StationDirectory takes it: degrees to micro-degrees (rounded), formats to 16-byte names.
 *
 * @example
 * encodeStationPlace({ name: 'Marienplatz', latitude: 48.137154, longitude: 11.576124, address: '', openingHours: '24/7', formats: ['BYD'] })
 */
export function encodeStationPlace(p: StationPlace) {
  return {
    name: p.name,
    latitude: Math.round(p.latitude * 1e6),
    longitude: Math.round(p.longitude * 1e6),
    streetAddress: p.address,
    openingHours: p.openingHours,
    formats: p.formats.map((f) => stringToHex(f, { size: 16 })),
  }
}
