import { hexToString, toHex, type Hex } from 'viem'
import type { LifeStatus, PassportInfo } from './passportTypes.js'

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
  return { ...p, chemistry: hexToString(p.chemistry, { size: 8 }).replace(/\0+$/, '') }
}
