import { hexToString, trim, type Hex } from 'viem'
import type { StationPlace } from './StationPlace.js'

/** A place as StationDirectory returns it. */
export type ChainStationPlace = { name: string; latitude: number; longitude: number; streetAddress: string; openingHours: string; formats: readonly Hex[] }

/**
 * A place read from StationDirectory in people's units, or null for a station never placed (no name).
 *
 * @example
 * decodeStationPlace(await client.readContract({ ..., functionName: 'placeOf', args: [1] }).then(([p]) => p))
 */
export function decodeStationPlace(p: ChainStationPlace): StationPlace | null {
  if (!p.name) return null
  return {
    name: p.name,
    latitude: p.latitude / 1e6,
    longitude: p.longitude / 1e6,
    address: p.streetAddress,
    openingHours: p.openingHours,
    formats: p.formats.map((f) => hexToString(trim(f, { dir: 'right' }))),
  }
}
