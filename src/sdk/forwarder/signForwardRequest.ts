import type { LocalAccount } from 'viem'
import type { Deployment } from '../deployment.js'
import type { EvswapCall } from '../calls/EvswapCall.js'
import { forwardRequestTypes, forwarderDomain, type SignedForwardRequest } from './forwardRequestTypes.js'

export type SignForwardRequestParameters = {
  account: LocalAccount
  deployment: Pick<Deployment, 'chainId' | 'forwarder'>
  call: EvswapCall
  nonce: bigint
  /** Unix seconds after which the forwarder refuses the request. */
  deadline: number
  gas?: bigint
}

/**
 * Signs an EIP-712 ForwardRequest so a relay can run `call` as the device and pay its gas.
 *
 * @example
 * const req = await signForwardRequest({ account, deployment, call: dischargeCall(d, {...}), nonce, deadline })
 */
export async function signForwardRequest(p: SignForwardRequestParameters): Promise<SignedForwardRequest> {
  const gas = p.gas ?? p.call.gas
  const message = {
    from: p.account.address,
    to: p.call.to,
    value: 0n,
    gas,
    nonce: p.nonce,
    deadline: p.deadline,
    data: p.call.data,
  }
  const signature = await p.account.signTypedData({
    domain: forwarderDomain(p.deployment),
    types: forwardRequestTypes,
    primaryType: 'ForwardRequest',
    message,
  })
  return {
    chainId: p.deployment.chainId,
    from: p.account.address,
    to: p.call.to,
    value: '0',
    gas: gas.toString(),
    nonce: p.nonce.toString(),
    deadline: p.deadline,
    data: p.call.data,
    signature,
  }
}
