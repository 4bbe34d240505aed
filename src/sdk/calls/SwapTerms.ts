/**
 * The swap a station operator decides on, as they saw it: its id and what it exchanges, at what difference
 * (E-coin cents, price of the station battery minus price of the EV battery, fixed at request time).
 * Approval and denial send all of it, because a fork that reorders requests can move an id to another
 * request: the contract then refuses (BatteryInterfaceSwapTermsMismatch) instead of settling that other one.
 * A `SwapView` (getSwap, the station's `/api/swaps`) has every field but `swapId`, which is its `id`.
 */
export type SwapTerms = { swapId: number; evBatteryId: number; stationBatteryId: number; difference: bigint }
