import type { PublicClient } from 'viem'
import { stationDirectoryAbi } from '../abi/stationDirectory.js'
import type { Deployment } from '../deployment.js'
import { decodeStationPlace } from '../places/decodeStationPlace.js'
import type { StationPlace } from '../places/StationPlace.js'

/**
 * The places of stations `stationIds` in one call, in the same order; null for a station never placed.
 *
 * @example
 * const [place] = await getStationPlaces(client, deployment, [1])
 */
export async function getStationPlaces(client: PublicClient, d: Pick<Deployment, 'stationDirectory'>, stationIds: readonly number[]): Promise<(StationPlace | null)[]> {
  if (stationIds.length === 0) return []
  const places = await client.readContract({ address: d.stationDirectory, abi: stationDirectoryAbi, functionName: 'placesOf', args: [stationIds] })
  return places.map(decodeStationPlace)
}
