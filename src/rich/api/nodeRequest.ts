import type { PublicClient } from 'viem'

/**
 * A JSON-RPC call through the station's own client (its transport, batching and timeouts), answered as
 * the node sends it: for what viem does not type (geth's `clique` namespace) or what a station passes on
 * to devices untouched (raw headers, `eth_getProof`).
 *
 * @example
 * const signers = await nodeRequest<string[]>(publicClient, 'clique_getSigners', ['0x10'])
 */
export function nodeRequest<T>(publicClient: PublicClient, method: string, params: unknown[] = []): Promise<T> {
  const request = publicClient.request as unknown as (args: { method: string; params: unknown[] }) => Promise<T>
  return request({ method, params })
}
