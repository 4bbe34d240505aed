import type { Address, Hex } from 'viem'
import type { EvswapCall } from '../../src/sdk/calls/EvswapCall.js'

/** One call a device will sign as a forward request, with the forwarder nonce it takes. */
export type PlannedRequest = { key: Hex; from: Address; call: EvswapCall; nonce: number }

/** One `executeBatch` transaction, sent from anvil's unlocked dev account `relayer` (0-9). */
export type PlannedBatch = { relayer: number; requests: PlannedRequest[] }

/**
 * One block of the history: its batches in the order they are sent (anvil runs with `--order fifo`), and the
 * swap and battery ids the contracts should hand out in it, in order, which the receipts must confirm.
 */
export type PlannedBlock = { batches: PlannedBatch[]; swapIds: number[]; batteryIds: number[] }
