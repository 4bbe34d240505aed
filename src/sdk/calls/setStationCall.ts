import { encodeFunctionData } from 'viem'
import { stationDirectoryAbi } from '../abi/stationDirectory.js'
import type { Deployment } from '../deployment.js'
import { encodeStationPlace } from '../places/encodeStationPlace.js'
import type { StationPlace } from '../places/StationPlace.js'
import type { EvswapCall } from './EvswapCall.js'

export type SetStationCallParameters = { stationId: number; place: StationPlace }

/**
 * Super account: sets station `stationId`'s whole place, location included (its operator must be registered).
 *
 * @example
 * const call = setStationCall(deployment, { stationId: 1, place: { name: 'Marienplatz', latitude: 48.137154, longitude: 11.576124, address: 'Marienplatz 1, Munich', openingHours: '24/7', formats: ['BYD'] } })
 */
export function setStationCall(d: Pick<Deployment, 'stationDirectory'>, p: SetStationCallParameters): EvswapCall {
  return {
    to: d.stationDirectory,
    data: encodeFunctionData({ abi: stationDirectoryAbi, functionName: 'setStation', args: [p.stationId, encodeStationPlace(p.place)] }),
    gas: 400_000n,
    label: 'setStation',
  }
}
