import type { Address } from 'viem'
import { acceptHeaderQuorum } from './acceptHeaderQuorum.js'
import { checkpointSigners } from './checkpointSigners.js'
import type { DecodedHeader } from './DecodedHeader.js'
import { HeaderQuorumError } from './HeaderQuorumError.js'

/**
 * The signer set from a checkpoint on: `run` starts at the checkpoint header (number % epoch == 0) and goes on
 * with the headers built on it. The set it lists is adopted only once a quorum of the OLD set has sealed or
 * built on it ({@link acceptHeaderQuorum}), so a station cannot hand a device a signer list of its own.
 * Votes cast between checkpoints are not tallied by the device: a newly voted signer counts from the next
 * checkpoint, which lists it.
 *
 * @throws HeaderQuorumError when the run does not start at a checkpoint, or the old set has not built on it
 * @example
 * signers = await followCheckpoint(run, signers, 30000)
 */
export async function followCheckpoint(run: readonly DecodedHeader[], signers: readonly Address[], epoch: number): Promise<Address[]> {
  const checkpoint = run[0]
  if (!checkpoint || checkpoint.number % BigInt(epoch) !== 0n) {
    throw new HeaderQuorumError(`the run starts at block ${checkpoint?.number ?? 'none'}, which is not a checkpoint (a multiple of the epoch ${epoch})`, 'malformed')
  }
  const next = checkpointSigners(checkpoint)
  await acceptHeaderQuorum(run, { signers })
  return next
}
