import type { Address } from 'viem'
import { balanceProcessStorage } from '../abi/balanceProcessStorage.js'
import { mappingSlot } from './mappingSlot.js'

/**
 * The E-coin contract's slot holding `account`'s balance, in cents.
 *
 * @example
 * const slot = balanceSlot(account.address)
 */
export function balanceSlot(account: Address): bigint {
  return mappingSlot({ type: 'address', value: account }, balanceProcessStorage.vars._balances.slot)
}
