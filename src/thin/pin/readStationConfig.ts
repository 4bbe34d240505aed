import { parseChainShape } from './parseChainShape.js'
import type { StationConfig } from './StationConfig.js'
import { StationRefusedError } from './StationRefusedError.js'

/**
 * Reads the part of a station's `/api/config` answer that a device pins, checking its shape: a device
 * trusts none of it until it matches the pin.
 *
 * @throws StationRefusedError (field `config`) when a part is missing or malformed: an older evswap station,
 *   or not one at all
 * @example
 * const config = readStationConfig(body, `station 1 at ${url}`)
 */
export function readStationConfig(body: unknown, stationLabel: string): StationConfig {
  const shape = parseChainShape(body)
  if (typeof shape !== 'string') return shape
  throw new StationRefusedError(`${stationLabel}: its /api/config does not give ${shape}, so this device cannot check that the station is on the chain it was enrolled on`, {
    field: 'config',
    hint: 'update that station to this version of evswap, or remove it from --station',
  })
}
