import { encodeFunctionData } from 'viem'
import { stationDirectoryAbi } from '../abi/stationDirectory.js'
import type { Deployment } from '../deployment.js'
import { encodeStationPlace } from '../places/encodeStationPlace.js'
import type { StationPlace } from '../places/StationPlace.js'
import type { EvswapCall } from './EvswapCall.js'

export type UpdateStationCallParameters = { stationId: number; place: StationPlace }

/**
 * Station operator: changes its station's name, address, opening hours and formats. The place's latitude and
 * longitude must be the ones the super account set (the contract refuses a move).
 *
 * @example
 * const call = updateStationCall(deployment, { stationId: 1, place: { ...current, openingHours: '24/7' } })
 */
export function updateStationCall(d: Pick<Deployment, 'stationDirectory'>, p: UpdateStationCallParameters): EvswapCall {
  return {
    to: d.stationDirectory,
    data: encodeFunctionData({ abi: stationDirectoryAbi, functionName: 'updateStation', args: [p.stationId, encodeStationPlace(p.place)] }),
    gas: 400_000n,
    label: 'updateStation',
  }
}
