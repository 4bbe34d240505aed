import type { PublicClient } from 'viem'
import type { Deployment } from '../../sdk/deployment.js'
import { getBattery } from '../../sdk/reads/getBattery.js'
import type { BatteryView } from '../../sdk/reads/types.js'
import type { ChainIndex } from '../events/createChainIndex.js'

/**
 * Battery views for the list routes (`/api/stations`, `/api/batteries?holder=`): each battery is read from
 * the contracts once, then served from memory until the index sees a chain event, a removed one or a new head, so a GUI
 * that refreshes on every SSE event does not read every battery each time. The listener is added before
 * any SSE client's, so a client that refetches on an event never gets the view from before it.
 *
 * @example
 * const read = createBatteryCache(publicClient, deployment, index)
 * const views = await Promise.all((await index.batteries({ holder: unit })).items.map((b) => read(b.id)))
 */
export function createBatteryCache(publicClient: PublicClient, deployment: Deployment, index: ChainIndex): (id: number) => Promise<BatteryView | null> {
  let cache = new Map<number, Promise<BatteryView | null>>()
  // A new head changes prices (they depend on time); an event, or one a reorganization undid, may change anything.
  const clear = () => void (cache = new Map())
  index.events.on('chain', clear)
  index.events.on('removed', clear)
  index.events.on('head', clear)
  return (id) => {
    let hit = cache.get(id)
    if (!hit) {
      const map = cache
      hit = getBattery(publicClient, deployment, id)
      map.set(id, hit)
      // A failed read is not remembered.
      hit.catch(() => map.get(id) === hit && map.delete(id))
    }
    return hit
  }
}
