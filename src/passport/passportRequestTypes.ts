import type { Address } from 'viem'

/**
 * EIP-712 types of a request for a battery's legitimate-interest passport: the battery, the tier asked
 * for ("legitimate") and when the request stops being valid (unix seconds).
 *
 * @example
 * await account.signTypedData({ domain, types: passportRequestTypes, primaryType: 'PassportRequest',
 *   message: { batteryId: 3, tier: 'legitimate', expires: 1767225600n } })
 */
export const passportRequestTypes = {
  PassportRequest: [
    { name: 'batteryId', type: 'uint32' },
    { name: 'tier', type: 'string' },
    { name: 'expires', type: 'uint64' },
  ],
} as const

/** A passport request's message, JSON-safe (`expires` may travel as a number or a decimal string). */
export type PassportRequestMessage = { batteryId: number; tier: string; expires: number | bigint | string }

/**
 * The EIP-712 domain of passport requests on a chain: the contract the batteries are registered in makes
 * a request for one deployment useless on another.
 *
 * @example
 * const domain = passportRequestDomain(1337, deployment.evswap)
 */
export function passportRequestDomain(chainId: number, verifyingContract: Address) {
  return { name: 'evswap passport', version: '1', chainId, verifyingContract } as const
}
