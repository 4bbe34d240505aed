import { getAddress, isAddress, isAddressEqual, keccak256, toHex, type Address, type PublicClient } from 'viem'
import { batteryInterfaceAbi } from '../abi/batteryInterface.js'
import { batteryProcessAbi } from '../abi/batteryProcess.js'
import type { Deployment } from '../deployment.js'
import { batteryStatusNames, swapStatusNames } from '../enums.js'
import { evswapAbi } from '../evswapAbi.js'
import { describeUnit } from '../units.js'
import type { DescribeContractErrorParameters } from './describeContractError.js'
import type { ErrorNames, ErrorNamesBattery, ErrorNamesSwap } from './ErrorNames.js'

const SUPER_ROLE = keccak256(toHex('SUPER_ROLE'))

export type ReadErrorNamesParameters = {
  publicClient: PublicClient
  deployment: Pick<Deployment, 'batteryInterface' | 'batteryProcess' | 'balanceProcess' | 'forwarder'>
  /** The state to read (the block a request failed in); the latest when not given. */
  blockNumber?: bigint
}

/**
 * Reads from the chain, in one round of `eth_call`s, exactly what a sentence about `error` can use: a name
 * for each address among its arguments (its EV or station, or "the super account"), the swap of a `swapId`
 * and the battery of a `batteryId`. The chain is the authority, and this runs only when something was
 * refused, so a good request pays nothing for it. A read that fails leaves that name out.
 *
 * @example
 * const names = await readErrorNames({ publicClient, deployment }, decodeEvswapError(e))
 * describeContractError(decodeEvswapError(e), names).message // 'Swap 2 was already approved.'
 */
export async function readErrorNames(p: ReadErrorNamesParameters, error: DescribeContractErrorParameters): Promise<ErrorNames> {
  const item = evswapAbi.find((x) => x.type === 'error' && x.name === error.name) as { inputs: readonly { name: string; type: string }[] } | undefined
  if (!item) return {}
  const at = p.blockNumber === undefined ? {} : { blockNumber: p.blockNumber }
  const read = { address: p.deployment.batteryInterface, abi: batteryInterfaceAbi, ...at } as const
  const names = new Map<string, string>()
  const swaps = new Map<number, ErrorNamesSwap>()
  const batteries = new Map<number, ErrorNamesBattery>()
  const contracts: [Address, string][] = [
    [p.deployment.batteryInterface, 'the swap contract'],
    [p.deployment.batteryProcess, 'the battery store'],
    [p.deployment.balanceProcess, 'the E-coin contract'],
    [p.deployment.forwarder, 'the forwarder'],
  ]

  const nameAccount = async (address: Address) => {
    const contract = contracts.find(([a]) => isAddressEqual(a, address))
    if (contract) return void names.set(address.toLowerCase(), contract[1])
    const [[role, unit], isSuper] = await Promise.all([
      p.publicClient.readContract({ ...read, functionName: 'accountOf', args: [address] }),
      p.publicClient.readContract({ ...read, functionName: 'hasRole', args: [SUPER_ROLE, address] }),
    ])
    if (role !== 0) names.set(address.toLowerCase(), describeUnit(unit))
    else if (isSuper) names.set(address.toLowerCase(), 'the super account')
  }
  const readSwap = async (id: number) => {
    const s = await p.publicClient.readContract({ ...read, functionName: 'getSwap', args: [id] })
    swaps.set(id, { status: swapStatusNames[s.status] ?? 'None', evUnit: await unitOf(s.evOwner), stationUnit: s.stationUnit })
  }
  const unitOf = async (account: Address) => {
    const [role, unit] = await p.publicClient.readContract({ ...read, functionName: 'accountOf', args: [account] })
    return role === 0 ? undefined : unit
  }
  const readBattery = async (id: number) => {
    const d = await p.publicClient.readContract({ address: p.deployment.batteryProcess, abi: batteryProcessAbi, functionName: 'dynamicInfoOf', args: [id], ...at })
    if (d.status === 0) return
    batteries.set(id, { owner: d.owner, holder: d.holder, status: batteryStatusNames[d.status] ?? 'None' })
    await nameAccount(d.owner)
  }

  const reads = item.inputs.map((input, i) => {
    const v = error.args[i]
    if (input.type === 'address' && typeof v === 'string' && isAddress(v)) return nameAccount(getAddress(v))
    if (input.name === 'swapId') return readSwap(Number(v))
    if (input.name === 'batteryId' && Number(v) > 0) return readBattery(Number(v))
    return undefined
  })
  await Promise.allSettled(reads)
  return {
    nameOf: (a) => names.get(a.toLowerCase()),
    swap: (id) => swaps.get(id),
    battery: (id) => batteries.get(id),
  }
}
