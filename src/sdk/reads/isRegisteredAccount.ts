import { keccak256, toHex, type Address, type PublicClient } from 'viem'
import { batteryInterfaceAbi } from '../abi/batteryInterface.js'
import type { Deployment } from '../deployment.js'

const SUPER_ROLE = keccak256(toHex('SUPER_ROLE'))

/**
 * Whether `account` may act at all: it has a role (EV owner, station operator) or is the super account.
 * A relay asks this before simulating, so an unregistered signer is refused without an `eth_call`.
 *
 * @example
 * if (!(await isRegisteredAccount(client, deployment, from))) refuse(403)
 */
export async function isRegisteredAccount(client: PublicClient, d: Pick<Deployment, 'batteryInterface'>, account: Address): Promise<boolean> {
  const [role] = await client.readContract({ address: d.batteryInterface, abi: batteryInterfaceAbi, functionName: 'accountOf', args: [account] })
  if (role !== 0) return true
  return client.readContract({ address: d.batteryInterface, abi: batteryInterfaceAbi, functionName: 'hasRole', args: [SUPER_ROLE, account] })
}
