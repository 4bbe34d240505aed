import type { Address, PublicClient } from 'viem'
import { evswapForwarderAbi } from '../abi/evswapForwarder.js'
import type { Deployment } from '../deployment.js'

/**
 * The next nonce the forwarder accepts from `account`.
 *
 * @example
 * const nonce = await getForwarderNonce(client, deployment, device.address)
 */
export function getForwarderNonce(client: PublicClient, d: Pick<Deployment, 'forwarder'>, account: Address): Promise<bigint> {
  return client.readContract({ address: d.forwarder, abi: evswapForwarderAbi, functionName: 'nonces', args: [account] })
}
