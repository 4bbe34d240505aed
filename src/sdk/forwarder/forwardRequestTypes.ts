import type { Address, Hex } from 'viem'
import type { Deployment } from '../deployment.js'

/** EIP-712 types of OpenZeppelin's ERC2771Forwarder. */
export const forwardRequestTypes = {
  ForwardRequest: [
    { name: 'from', type: 'address' },
    { name: 'to', type: 'address' },
    { name: 'value', type: 'uint256' },
    { name: 'gas', type: 'uint256' },
    { name: 'nonce', type: 'uint256' },
    { name: 'deadline', type: 'uint48' },
    { name: 'data', type: 'bytes' },
  ],
} as const

/** The EIP-712 domain of the evswap forwarder on a chain. */
export function forwarderDomain(d: Pick<Deployment, 'chainId' | 'forwarder'>) {
  return { name: 'evswap', version: '1', chainId: d.chainId, verifyingContract: d.forwarder } as const
}

/** A device-signed request as it travels to a relay (JSON-safe: numbers as decimal strings). */
export type SignedForwardRequest = {
  chainId: number
  from: Address
  to: Address
  value: string
  gas: string
  nonce: string
  deadline: number
  data: Hex
  signature: Hex
}
