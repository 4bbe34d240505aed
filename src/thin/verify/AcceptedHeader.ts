import type { Address, Hex } from 'viem'

/**
 * A block the device may base a decision on. `trust: 'quorum'`: more than half of the pinned Clique signers
 * sealed it or built on it (`sealers`). `trust: 'single-node'`: the embedded anvil chain has no seals, so
 * the device trusts that single node's headers (it still checks their hashes and links).
 */
export type AcceptedHeader = { number: bigint; hash: Hex; parentHash: Hex; stateRoot: Hex; timestamp: bigint; sealers: Address[]; trust: 'quorum' | 'single-node' }
