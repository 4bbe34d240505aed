import { keccak256, toHex, type Address, type PublicClient } from 'viem'
import { batteryInterfaceAbi } from '../abi/batteryInterface.js'
import { balanceProcessAbi } from '../abi/balanceProcess.js'
import type { Deployment } from '../deployment.js'
import { roleNames } from '../enums.js'
import type { AccountView } from './types.js'

const SUPER_ROLE = keccak256(toHex('SUPER_ROLE'))

/**
 * An account's role, unit, E-coin balance, whether it is the super account and whether it is suspended.
 *
 * @example
 * const a = await getAccount(client, deployment, '0x...')
 */
export async function getAccount(
  client: PublicClient,
  d: Pick<Deployment, 'batteryInterface' | 'balanceProcess'>,
  address: Address,
): Promise<AccountView> {
  const [[role, unit], balance, isSuper, suspended] = await Promise.all([
    client.readContract({ address: d.batteryInterface, abi: batteryInterfaceAbi, functionName: 'accountOf', args: [address] }),
    client.readContract({ address: d.balanceProcess, abi: balanceProcessAbi, functionName: 'balanceOf', args: [address] }),
    client.readContract({ address: d.batteryInterface, abi: batteryInterfaceAbi, functionName: 'hasRole', args: [SUPER_ROLE, address] }),
    client.readContract({ address: d.batteryInterface, abi: batteryInterfaceAbi, functionName: 'isSuspended', args: [address] }),
  ])
  return { address, role: roleNames[role] ?? 'None', unit, balance, isSuper, suspended }
}
