import type { Address, Hex } from 'viem'
import type { StaticInfoRecord } from '../staticInfo.js'
import type { batteryStatusNames, roleNames, swapStatusNames } from '../enums.js'

/** What a device reads off a battery's management system (chain units). */
export type BatteryReading = {
  energyWh: number
  socPermille: number
  chargingCount: number
  dischargingCount: number
  chargingTotalTime: number
  dischargingTotalTime: number
}

export type DynamicInfo = BatteryReading & {
  owner: Address
  holder: number
  status: (typeof batteryStatusNames)[number]
}

/** A battery as the chain knows it. */
export type BatteryView = {
  id: number
  staticInfo: StaticInfoRecord
  dynamicInfo: DynamicInfo
  staticHash: Hex
  /** E-coin cents, by the on-chain formula (docs/price.md). */
  price: bigint
  /**
   * State of health from its last condition reading, for a battery with a passport (null without one); an
   * exhausted one is not offered for a swap. Absent where a view was built without it.
   */
  health?: BatteryHealthView | null
}

/**
 * What a battery view says of its health: state of certified energy (permille; null when the last reading did
 * not report the remaining energy), exhausted, and the reading's block time.
 */
export type BatteryHealthView = { stateOfCertifiedEnergyPermille: number | null; exhausted: boolean; at: number }

/** A battery's view without its static info, which never changes once it is registered. */
export type BatteryState = Omit<BatteryView, 'staticInfo'>

export type AccountView = {
  address: Address
  role: (typeof roleNames)[number]
  unit: number
  /** E-coin cents. */
  balance: bigint
  isSuper: boolean
  /** Suspended by the super account (a stolen key, for example): it can do nothing until restored. */
  suspended: boolean
}

export type SwapView = {
  id: number
  evOwner: Address
  evBatteryId: number
  stationBatteryId: number
  stationUnit: number
  status: (typeof swapStatusNames)[number]
  difference: bigint
  fee: bigint
  escrow: bigint
}
