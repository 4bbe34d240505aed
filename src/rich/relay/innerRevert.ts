import { concat, type PublicClient } from 'viem'
import { decodeEvswapError } from '../../sdk/decodeEvswapError.js'
import type { Deployment } from '../../sdk/deployment.js'
import { isRevertError } from './isRevertError.js'
import type { ForwardRequestData } from './toForwardRequestData.js'

/**
 * The forwarder's `execute` reverts with a bare `FailedCall()` when the call inside fails, hiding why.
 * Running the inner call as the forwarder would (its address as sender, `from` appended per ERC-2771,
 * the request's gas) gives the contract's own error; undefined when it does not revert.
 *
 * @example
 * const reason = await innerRevert(publicClient, deployment, data, receipt.blockNumber)
 */
export async function innerRevert(
  publicClient: PublicClient,
  deployment: Pick<Deployment, 'forwarder'>,
  data: ForwardRequestData,
  blockNumber?: bigint,
): Promise<ReturnType<typeof decodeEvswapError> | undefined> {
  try {
    await publicClient.call({ account: deployment.forwarder, to: data.to, data: concat([data.data, data.from]), gas: data.gas, ...(blockNumber === undefined ? {} : { blockNumber }) })
    return undefined
  } catch (e) {
    return isRevertError(e) ? decodeEvswapError(e) : undefined
  }
}
