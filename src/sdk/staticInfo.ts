import { encodeAbiParameters, keccak256, toHex, hexToString, type Hex } from 'viem'

/** Static info in chain units, as the battery file reader returns it (times in seconds, price in cents). */
export type StaticInfoRecord = {
  brand: string
  maxChargingCount: number
  maxDischargingCount: number
  maxChargingTotalTime: number
  maxDischargingTotalTime: number
  manufactureYear: number
  manufactureMonth: number
  maxYearLimited: number
  manufacturePrice: bigint
}

/** The Solidity `StaticInfo` struct as viem encodes it. */
export type StaticInfoStruct = Omit<StaticInfoRecord, 'brand'> & { brand: Hex }

const staticInfoAbi = [
  {
    type: 'tuple',
    components: [
      { name: 'brand', type: 'bytes16' },
      { name: 'maxChargingCount', type: 'uint32' },
      { name: 'maxDischargingCount', type: 'uint32' },
      { name: 'maxChargingTotalTime', type: 'uint32' },
      { name: 'maxDischargingTotalTime', type: 'uint32' },
      { name: 'manufactureYear', type: 'uint16' },
      { name: 'manufactureMonth', type: 'uint8' },
      { name: 'maxYearLimited', type: 'uint8' },
      { name: 'manufacturePrice', type: 'uint64' },
    ],
  },
] as const

/** ASCII brand → left-aligned zero-padded bytes16 (at most 16 bytes). */
export function brandToBytes16(brand: string): Hex {
  return toHex(brand, { size: 16 })
}

/** bytes16 → brand string (trailing zeros dropped). */
export function bytes16ToBrand(brand: Hex): string {
  return hexToString(brand, { size: 16 }).replace(/\0+$/, '')
}

/** Converts the reader's record into the struct the contracts take. */
export function toStaticInfoStruct(info: StaticInfoRecord): StaticInfoStruct {
  return { ...info, brand: brandToBytes16(info.brand) }
}

/** Converts a struct read from chain into a record comparable with a file's. */
export function fromStaticInfoStruct(info: StaticInfoStruct): StaticInfoRecord {
  return { ...info, brand: bytes16ToBrand(info.brand) }
}

/**
 * keccak256(abi.encode(StaticInfo)): what `BatteryProcess.staticHashOf` returns, so a device compares its
 * file against the chain with one value.
 *
 * @example
 * staticHash(battery.staticInfo) === await readStaticHash(...)
 */
export function staticHash(info: StaticInfoRecord): Hex {
  return keccak256(encodeAbiParameters(staticInfoAbi, [toStaticInfoStruct(info)]))
}
