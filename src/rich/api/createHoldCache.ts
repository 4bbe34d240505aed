import type { PublicClient } from 'viem'
import { batteryInterfaceAbi } from '../../sdk/abi/batteryInterface.js'
import type { Deployment } from '../../sdk/deployment.js'
import type { ChainIndex } from '../events/createChainIndex.js'

/** A battery's hold as the contract keeps it (`until` 0: none). */
export type StoredHold = { evUnit: number; until: number; fee: bigint }

/**
 * Battery holds for `/api/stations`: each read from the contract once, then served from memory until the index
 * sees a chain event or a removed one. Unlike battery views (whose prices move with every block), a stored hold
 * changes only by a transaction; one that runs out is told by its `until`, which the reader compares with now.
 *
 * @example
 * const holdOf = createHoldCache(publicClient, deployment, index)
 * (await holdOf(3)).until
 */
export function createHoldCache(publicClient: PublicClient, deployment: Pick<Deployment, 'batteryInterface'>, index: Pick<ChainIndex, 'events'>): (id: number) => Promise<StoredHold> {
  let cache = new Map<number, Promise<StoredHold>>()
  const clear = () => void (cache = new Map())
  index.events.on('chain', clear)
  index.events.on('removed', clear)
  return (id) => {
    let hit = cache.get(id)
    if (!hit) {
      const map = cache
      hit = publicClient
        .readContract({ address: deployment.batteryInterface, abi: batteryInterfaceAbi, functionName: 'holdOf', args: [id] })
        .then((h) => ({ evUnit: h.evUnit, until: Number(h.until), fee: h.fee }))
      map.set(id, hit)
      // A failed read is not remembered.
      hit.catch(() => map.get(id) === hit && map.delete(id))
    }
    return hit
  }
}
