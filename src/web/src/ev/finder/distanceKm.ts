import type { Position } from '../../shared/types'

/** The Earth's mean radius (IUGG), km. */
const EARTH_KM = 6371.0088
const rad = (deg: number) => (deg * Math.PI) / 180

/**
 * Great-circle distance between two positions by the haversine formula, in km: within 0.5 % of the
 * ellipsoid's over the few km a finder compares, which is all an EV owner choosing a station needs.
 *
 * @example
 * distanceKm({ latitude: 48.1617, longitude: 11.5863 }, { latitude: 48.1703, longitude: 11.5866 }) // 0.957
 */
export function distanceKm(a: Position, b: Position): number {
  const h = Math.sin(rad(b.latitude - a.latitude) / 2) ** 2 + Math.cos(rad(a.latitude)) * Math.cos(rad(b.latitude)) * Math.sin(rad(b.longitude - a.longitude) / 2) ** 2
  return 2 * EARTH_KM * Math.asin(Math.min(1, Math.sqrt(h)))
}
