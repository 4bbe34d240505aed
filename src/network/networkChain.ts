import { type Chain, defineChain } from 'viem'
import type { EvswapNetwork } from './types.js'

/**
 * The network as a viem `Chain` (id 20180, 1 s blocks), with the stations' HTTP and WS urls as RPC
 * endpoints (station 1 first), for `createPublicClient` / `createWalletClient`.
 *
 * @example
 * const chain = networkChain(network)
 * const client = createPublicClient({ chain, transport: http(network.stations[1]!.httpUrl) })
 */
export function networkChain(network: Pick<EvswapNetwork, 'chainId' | 'period' | 'stations'>): Chain {
  return defineChain({
    id: network.chainId,
    name: 'evswap Clique',
    nativeCurrency: { name: 'Ether', symbol: 'ETH', decimals: 18 },
    rpcUrls: {
      default: { http: network.stations.map((s) => s.httpUrl), webSocket: network.stations.map((s) => s.wsUrl) },
    },
    blockTime: network.period * 1000,
    testnet: true,
  })
}
