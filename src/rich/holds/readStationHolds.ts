import type { PublicClient } from 'viem'
import { batteryInterfaceAbi } from '../../sdk/abi/batteryInterface.js'
import type { Deployment } from '../../sdk/deployment.js'
import type { ChainIndex } from '../events/createChainIndex.js'

/**
 * The holds on the batteries a station holds now, expired ones included (a hold ends by time, with no event:
 * only a release ends it on chain). Read from the contract, since the index knows holds only by their events.
 *
 * @example
 * await readStationHolds(publicClient, deployment, index, stationUnit(1)) // [{ batteryId: 3, until: 1764893000 }]
 */
export async function readStationHolds(client: PublicClient, d: Pick<Deployment, 'batteryInterface'>, index: Pick<ChainIndex, 'batteries'>, unit: number): Promise<{ batteryId: number; until: number }[]> {
  const held: { batteryId: number; until: number }[] = []
  let cursor: string | undefined
  do {
    const page = await index.batteries({ holder: unit, limit: 500, ...(cursor === undefined ? {} : { cursor }) })
    const holds = await Promise.all(page.items.map((b) => client.readContract({ address: d.batteryInterface, abi: batteryInterfaceAbi, functionName: 'holdOf', args: [b.id] })))
    holds.forEach((h, i) => h.until !== 0n && held.push({ batteryId: page.items[i]!.id, until: Number(h.until) }))
    cursor = page.next
  } while (cursor !== undefined)
  return held
}
