/**
 * How many distinct signers must have sealed a block or built on it before a device accepts it:
 * floor(N/2)+1, more than half of the N signers, so that one signer key (or any minority) cannot make it.
 *
 * @example
 * quorumSize(4) // 3
 */
export function quorumSize(signers: number): number {
  return Math.floor(signers / 2) + 1
}
