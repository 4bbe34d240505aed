import type { PublicClient } from 'viem'

/**
 * The node's chain id, asked once and shared by admission (a request's chain) and sending (the batch
 * transaction's). A failure is not cached, so a node that was down is asked again next time.
 *
 * @example
 * const chainId = createChainIdReader(publicClient)
 * if (request.chainId !== (await chainId())) refuse()
 */
export function createChainIdReader(publicClient: Pick<PublicClient, 'getChainId'>): () => Promise<number> {
  let pending: Promise<number> | undefined
  return () => {
    pending ??= publicClient.getChainId().catch((e: unknown) => {
      pending = undefined
      throw e
    })
    return pending
  }
}
