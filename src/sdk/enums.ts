/** Mirrors of the Solidity enums in contracts/src/interfaces/BatteryTypes.sol (same order). */
export const Role = { None: 0, EVOwner: 1, StationOperator: 2 } as const
export type RoleName = keyof typeof Role
export const roleNames = ['None', 'EVOwner', 'StationOperator'] as const

export const BatteryStatus = { None: 0, InService: 1, SwapPending: 2, Recycled: 3 } as const
export const batteryStatusNames = ['None', 'InService', 'SwapPending', 'Recycled'] as const

export const Operation = { RegisterBattery: 0, Charge: 1, Discharge: 2, Recycle: 3, Swap: 4 } as const
export type OperationName = keyof typeof Operation

export const SwapStatus = { None: 0, Pending: 1, Approved: 2, Denied: 3, Cancelled: 4 } as const
export const swapStatusNames = ['None', 'Pending', 'Approved', 'Denied', 'Cancelled'] as const

export const ForfeitTo = { Station: 0, Treasury: 1, EVOwner: 2 } as const
export type ForfeitToName = keyof typeof ForfeitTo
export const forfeitToNames = ['Station', 'Treasury', 'EVOwner'] as const
