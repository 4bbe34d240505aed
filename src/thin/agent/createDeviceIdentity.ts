import type { Address } from 'viem'
import type { Deployment } from '../../sdk/deployment.js'
import type { AccountView } from '../../sdk/reads/types.js'
import { describeUnit } from '../../sdk/units.js'
import { EvswapError } from '../../sdk/errors/EvswapError.js'
import type { StationClient } from './createStationClient.js'
import { stationGet } from './stationGet.js'

export type DeviceIdentityOptions = {
  /** The device's own account (its key signs elsewhere: here only the address matters). */
  address: Address
  station: StationClient
  log?: (line: string) => void
  /** After each read of the account: a new unit changes what the device follows on chain. */
  onRefreshed?: () => void
}

export type DeviceIdentity = {
  address: Address
  /** Reads the deployment from the station, then the account, and logs who this device is. */
  load(): Promise<void>
  /** Reads the account again (role, unit, balance). */
  refresh(): Promise<void>
  /** The account as last read: role `None` and balance 0 until the first read. */
  current(): AccountView
  /** The contracts' addresses; throws before `load`. */
  deployment(): Deployment
}

/**
 * The agent's identity stage: who this device is on chain (role, unit, balance, super or not) and which
 * deployment it talks to. It owns both and nothing else; the other stages read them through it.
 *
 * @example
 * const identity = createDeviceIdentity({ address: account.address, station })
 * await identity.load()
 * identity.current().unit // e.g. 1 for EV 1
 */
export function createDeviceIdentity(opts: DeviceIdentityOptions): DeviceIdentity {
  const { address, station } = opts
  let deployment: Deployment | undefined
  let identity: AccountView = { address, role: 'None', unit: 0, balance: 0n, isSuper: false, suspended: false }

  async function refresh(): Promise<void> {
    const a = await stationGet<{ role: AccountView['role']; unit: number; balance: string; isSuper: boolean; suspended?: boolean }>(station, `/api/accounts/${address}`)
    identity = { address, role: a.role, unit: a.unit, balance: BigInt(a.balance), isSuper: a.isSuper, suspended: a.suspended === true }
    opts.onRefreshed?.()
  }

  return {
    address,
    async load() {
      deployment = (await stationGet<{ deployment: Deployment }>(station, '/api/config')).deployment
      await refresh()
      opts.log?.(`device ${address} is ${identity.isSuper ? 'the super account' : identity.role === 'None' ? 'NOT registered' : describeUnit(identity.unit)}; station ${station.current()}`)
    },
    refresh,
    current: () => identity,
    deployment() {
      if (!deployment) throw new EvswapError('the agent has not started', { hint: 'call start() first' })
      return deployment
    },
  }
}
