import type { PublicClient } from 'viem'

/**
 * A call in geth's `clique` namespace through the station's own client (its transport, batching and
 * timeouts): viem types only the standard methods, so this one is typed here.
 *
 * @example
 * const signers = await cliqueRequest<string[]>(publicClient, 'clique_getSigners', ['0x10'])
 */
export function cliqueRequest<T>(publicClient: PublicClient, method: `clique_${string}`, params: unknown[] = []): Promise<T> {
  const request = publicClient.request as unknown as (args: { method: string; params: unknown[] }) => Promise<T>
  return request({ method, params })
}
