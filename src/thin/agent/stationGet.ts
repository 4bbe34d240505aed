import type { StationClient } from './createStationClient.js'
import { stationError } from './stationError.js'

/**
 * GETs `path` from the device's current station and answers the body; a 4xx or 5xx answer is thrown as the
 * station's own sentence (stationError), so a caller never reads an error body as data.
 *
 * @example
 * const { nonce } = await stationGet<{ nonce: string }>(station, `/api/nonce/${address}`)
 */
export async function stationGet<T>(station: StationClient, path: string): Promise<T> {
  const r = await station.request<T>('GET', path)
  if (r.status >= 400) throw stationError(r.status, r.body, path)
  return r.body
}
