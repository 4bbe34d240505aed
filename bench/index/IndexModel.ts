import type { Address, Hex } from 'viem'

/** A battery as the builder believes the chain has it (every planned request is checked to succeed). */
export type ModelBattery = { id: number; energyWh: number; socPermille: number; charges: number; discharges: number }

/** A simulated EV: its key, its forwarder nonce, the battery it drives on, the swap it waits for. */
export type ModelEv = { evId: number; key: Hex; address: Address; nonce: number; station: number; battery: number; pendingSwap?: number }

/** A swap asked of a station and not decided yet. */
export type ModelSwap = { id: number; evId: number; stationBattery: number; requestedBlock: number }

/** A station operator: its key, its nonce, the batteries it holds in service and not locked, its undecided swaps. */
export type ModelStation = { stationId: number; key: Hex; address: Address; nonce: number; stock: number[]; pending: ModelSwap[] }

/**
 * What the builder knows of the network it is making: plain JSON (batteries by id, referred to by id), so it
 * is saved beside the cached chain and a rerun's load phase goes on from it. `swapCount`, `batteryCount` and
 * `tagCount` predict the ids the contracts hand out (the build checks them against the receipts).
 */
export type IndexModel = {
  evs: ModelEv[]
  stations: ModelStation[]
  batteries: Record<string, ModelBattery>
  swapCount: number
  batteryCount: number
  tagCount: number
  superNonce: number
  /** State of the model's random number generator, so a reloaded model goes on deterministically. */
  seed: number
}
