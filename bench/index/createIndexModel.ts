import { privateKeyToAccount } from 'viem/accounts'
import { benchKey } from './benchKey.js'
import type { ChainShape } from './chainShape.js'
import type { IndexModel } from './IndexModel.js'

/**
 * The network before anything is on chain: `shape.evs` EVs and `shape.stations` stations with their keys
 * (benchKey) and addresses, no batteries yet. Each EV's home station is spread round-robin.
 *
 * @example
 * const model = createIndexModel(chainShape(20_000))
 */
export function createIndexModel(shape: ChainShape): IndexModel {
  return {
    evs: Array.from({ length: shape.evs }, (_, i) => {
      const key = benchKey('ev', i + 1)
      return { evId: i + 1, key, address: privateKeyToAccount(key).address, nonce: 0, station: (i % shape.stations) + 1, battery: 0 }
    }),
    stations: Array.from({ length: shape.stations }, (_, i) => {
      const key = benchKey('station', i + 1)
      return { stationId: i + 1, key, address: privateKeyToAccount(key).address, nonce: 0, stock: [], pending: [] }
    }),
    batteries: {},
    swapCount: 0,
    batteryCount: 0,
    tagCount: 0,
    superNonce: 0,
    seed: shape.events,
  }
}
