import type { Address } from 'viem'
import type { Deployment } from '../../sdk/deployment.js'
import type { AccountView } from '../../sdk/reads/types.js'
import { accountSlot } from '../../sdk/slots/accountSlot.js'
import { balanceSlot } from '../../sdk/slots/balanceSlot.js'
import { decodeAccountRecord } from '../../sdk/slots/decodeAccountRecord.js'
import { toHexSlot } from '../../sdk/slots/toHexSlot.js'
import type { ProvenReader } from './createProvenReader.js'

/**
 * Who `address` is on chain, proven at the newest accepted block (at least `atLeast`): its record in BatteryInterface (role,
 * unit, suspended) and its E-coin balance, at one block. Whether it is the super account is the pinned
 * deployment's to say.
 *
 * @example
 * const me = await proveAccount(prover, deployment, account.address)
 */
export async function proveAccount(prover: ProvenReader, d: Pick<Deployment, 'batteryInterface' | 'balanceProcess' | 'superAccount'>, address: Address, at: { atLeast?: bigint } = {}): Promise<AccountView> {
  const record = await prover.readSlots(d.batteryInterface, [toHexSlot(accountSlot(address))], at)
  const balance = await prover.readSlots(d.balanceProcess, [toHexSlot(balanceSlot(address))], { at: record.header })
  return { address, ...decodeAccountRecord(record.values[0]!), balance: balance.values[0]!, isSuper: address.toLowerCase() === d.superAccount.toLowerCase() }
}
