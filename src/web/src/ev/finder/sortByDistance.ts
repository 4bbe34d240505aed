import type { Position, StationInfo } from '../../shared/types'
import { distanceKm } from './distanceKm'

/** A station with its distance from the EV: null when either position is unknown. */
export type StationNearby = { station: StationInfo; km: number | null }

/**
 * Stations nearest first; stations without a place (or all, when the EV's position is unknown) after, by number.
 *
 * @example
 * sortByDistance(stations, { latitude: 48.16, longitude: 11.59 })[0].station.stationId
 */
export function sortByDistance(stations: readonly StationInfo[], from: Position | null): StationNearby[] {
  return stations
    .map((station) => ({ station, km: from && station.place ? distanceKm(from, station.place) : null }))
    .sort((a, b) => (a.km ?? Infinity) - (b.km ?? Infinity) || a.station.stationId - b.station.stationId)
}
