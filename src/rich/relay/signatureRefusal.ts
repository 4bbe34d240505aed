import { getAddress, isAddressEqual, recoverTypedDataAddress, type Address } from 'viem'
import type { Deployment } from '../../sdk/deployment.js'
import { forwarderDomain, forwardRequestTypes, type SignedForwardRequest } from '../../sdk/forwarder/forwardRequestTypes.js'
import { describeRelayRefusal } from './describeRelayRefusal.js'
import type { RelayRefusal } from './RelayRefusal.js'

/**
 * Recovers the signer locally (the digest the forwarder computes at `nonce`): a `bad_signature` refusal
 * unless it is `from`, else undefined.
 *
 * @example
 * const bad = await signatureRefusal(deployment, request, from, BigInt(request.nonce))
 */
export async function signatureRefusal(deployment: Pick<Deployment, 'forwarder'>, r: SignedForwardRequest, from: Address, nonce: bigint): Promise<RelayRefusal | undefined> {
  let signer: Address | undefined
  try {
    signer = await recoverTypedDataAddress({
      domain: forwarderDomain({ chainId: r.chainId, forwarder: deployment.forwarder }),
      types: forwardRequestTypes,
      primaryType: 'ForwardRequest',
      message: { from, to: getAddress(r.to), value: 0n, gas: BigInt(r.gas), nonce, deadline: r.deadline, data: r.data },
      signature: r.signature,
    })
  } catch {
    signer = undefined
  }
  if (signer && isAddressEqual(signer, from)) return undefined
  return describeRelayRefusal('bad_signature', { from })
}
