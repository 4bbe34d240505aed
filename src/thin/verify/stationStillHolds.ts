import type { StationClient } from '../agent/createStationClient.js'
import type { DecodedHeader } from './DecodedHeader.js'
import { fetchHeaders } from './fetchHeaders.js'

/**
 * Whether the station's chain still has `block` at its height. An answer that does not hold against a block
 * the device accepted is a lie only while it does; after a fork settled on the other side, the station
 * answered of another block (ChainMovedError), not falsely.
 *
 * @example
 * if (!(await stationStillHolds(station, header))) throw new ChainMovedError(header.number, station.current())
 */
export async function stationStillHolds(station: StationClient, block: Pick<DecodedHeader, 'number' | 'hash'>): Promise<boolean> {
  const [now] = (await fetchHeaders(station, { from: block.number, count: 1 })).headers
  return now?.hash === block.hash
}
