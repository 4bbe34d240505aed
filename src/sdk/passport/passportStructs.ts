import { hexToString, toHex, type Hex } from 'viem'
import type { ConditionReading, LifeStatus, PassportInfo } from './passportTypes.js'

/** The Solidity `PassportInfo` struct as viem encodes it: the chemistry as bytes8. */
export type PassportInfoStruct = Omit<PassportInfo, 'chemistry'> & { chemistry: Hex }

/** The chain's LifeStatus enum, in its order (contracts/src/interfaces/BatteryTypes.sol). */
export const lifeStatusNames = ['original', 'repurposed', 'reused', 'remanufactured', 'waste'] as const satisfies readonly LifeStatus[]

/**
 * Passport properties for the contract: the chemistry as ASCII bytes8, left-aligned and zero-padded.
 *
 * @example
 * toPassportStruct({ ...passport, chemistry: 'NMC811' }).chemistry // '0x4e4d433831310000'
 */
export function toPassportStruct(p: PassportInfo): PassportInfoStruct {
  return { ...p, chemistry: toHex(p.chemistry, { size: 8 }) }
}

/** The contract's passport properties back in the SDK's shape. */
export function fromPassportStruct(p: PassportInfoStruct): PassportInfo {
  return { ...p, chemistry: chemistryOf(p.chemistry) }
}

/** A chemistry as the chain stores it (ASCII bytes8, zero-padded) in words: "NMC811". */
export function chemistryOf(bytes8: Hex): string {
  return hexToString(bytes8, { size: 8 }).replace(/\0+$/, '')
}

/** The Solidity `ConditionReading` struct: every value a number, and a bit per value the system reported. */
export type ConditionReadingStruct = { [K in keyof ConditionReading]: number } & { reported: number }

/** The struct's fields in the order of the `reported` bits (bit 0 first). */
export const CONDITION_FIELDS = [
  'remainingEnergyWh',
  'remainingCapacityMAh',
  'energyThroughputWh',
  'deepDischargeEvents',
  'overchargeEvents',
  'overTemperatureEvents',
  'extremeTemperatureSeconds',
] as const satisfies readonly (keyof ConditionReading)[]

/**
 * A condition for the contract: an unreported (null) value becomes 0 with its bit clear.
 *
 * @example
 * toConditionStruct({ ...reading, overchargeEvents: null }).reported // 0b1101111
 */
export function toConditionStruct(c: ConditionReading): ConditionReadingStruct {
  const out = { reported: 0 } as ConditionReadingStruct
  CONDITION_FIELDS.forEach((f, i) => {
    out[f] = c[f] ?? 0
    if (c[f] !== null) out.reported |= 1 << i
  })
  return out
}

/** The contract's condition back in the SDK's shape: a value whose bit is clear is null. */
export function fromConditionStruct(c: ConditionReadingStruct): ConditionReading {
  const out = {} as Record<keyof ConditionReading, number | null>
  CONDITION_FIELDS.forEach((f, i) => (out[f] = c.reported & (1 << i) ? c[f] : null))
  return out
}
