import type { Address, Hex } from 'viem'

/**
 * One contract call, ready to be sent directly (`sendCall`) or signed for a relay (`signForwardRequest`).
 * `gas` is the execution gas the call may use when relayed (the forwarder passes exactly this much).
 */
export type EvswapCall = { to: Address; data: Hex; gas: bigint; label: string }
