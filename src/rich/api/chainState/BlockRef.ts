import type { Hex } from 'viem'

/** A block as the station's proofs and claims name it: its number and hash, the stateRoot proofs hang from, its time. */
export type BlockRef = { number: bigint; hash: Hex; stateRoot: Hex; timestamp: bigint }
