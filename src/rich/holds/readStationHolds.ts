import type { ChainIndex } from '../events/createChainIndex.js'
import type { StoredHold } from '../api/createHoldCache.js'

/**
 * The holds on the batteries a station holds now, expired ones included (a hold ends by time, with no event:
 * only a release ends it on chain). Read through `holdOf` (createHoldCache), since the index knows holds only
 * by their events.
 *
 * @example
 * await readStationHolds(holdOf, index, stationUnit(1)) // [{ batteryId: 3, until: 1764893000 }]
 */
export async function readStationHolds(holdOf: (id: number) => Promise<StoredHold>, index: Pick<ChainIndex, 'batteries'>, unit: number): Promise<{ batteryId: number; until: number }[]> {
  const held: { batteryId: number; until: number }[] = []
  let cursor: string | undefined
  do {
    const page = await index.batteries({ holder: unit, limit: 500, ...(cursor === undefined ? {} : { cursor }) })
    const holds = await Promise.all(page.items.map((b) => holdOf(b.id)))
    holds.forEach((h, i) => h.until !== 0 && held.push({ batteryId: page.items[i]!.id, until: h.until }))
    cursor = page.next
  } while (cursor !== undefined)
  return held
}
