import type { Address } from 'viem'
import type { Deployment } from '../../sdk/deployment.js'
import type { AccountView } from '../../sdk/reads/types.js'
import { describeUnit } from '../../sdk/units.js'
import type { ChainPin } from './createChainPin.js'
import type { StationClient } from './createStationClient.js'
import type { ProvenReader } from '../verify/createProvenReader.js'
import { proveAccount } from '../verify/proveAccount.js'
import { fetchHeaders } from '../verify/fetchHeaders.js'

export type DeviceIdentityOptions = {
  /** The device's own account (its key signs elsewhere: here only the address matters). */
  address: Address
  station: StationClient
  /** The chain this device was enrolled on: the deployment comes from it, never from a station after enrolment. */
  pin: Pick<ChainPin, 'pinned'>
  log?: (line: string) => void
  /** After each read of the account: a new unit changes what the device follows on chain. */
  onRefreshed?: () => void
  /** Where the account is read from: proofs against the signers' headers, not a station's word. */
  prover: ProvenReader
}

export type DeviceIdentity = {
  address: Address
  /**
   * Reads the account, and logs who this device is. The station client checks the station against the pin
   * (or, on a new device, pins its deployment) before this first read, so the deployment is known after it.
   */
  load(): Promise<void>
  /** Reads the account again (role, unit, balance). */
  refresh(): Promise<void>
  /** The account as last read: role `None` and balance 0 until the first read. */
  current(): AccountView
  /** The contracts' addresses, as pinned; throws before `load` on a device not yet enrolled. */
  deployment(): Deployment
}

/**
 * The agent's identity stage: who this device is on chain (role, unit, balance, super or not), and the
 * deployment it talks to, which it reads from the pin. It owns the account view and nothing else; the other
 * stages read both through it.
 *
 * @example
 * const identity = createDeviceIdentity({ address: account.address, station, pin })
 * await identity.load()
 * identity.current().unit // e.g. 1 for EV 1
 */
export function createDeviceIdentity(opts: DeviceIdentityOptions): DeviceIdentity {
  const { address, station, pin } = opts
  let identity: AccountView = { address, role: 'None', unit: 0, balance: 0n, isSuper: false, suspended: false }

  async function refresh(): Promise<void> {
    // Proven: the role decides the unregistered_device alert and the unit which batteries are the device's.
    // At the station's head or later: a registration just made lies in a block the signers may not have
    // built a quorum on yet, and a device that read itself unregistered there would stay so. This is also
    // the device's first request at start: the station client vets the station then, and a device not
    // enrolled yet pins it, before the pinned deployment is read below.
    const { head } = await fetchHeaders(station, { count: 1 })
    identity = await proveAccount(opts.prover, pin.pinned().deployment, address, { atLeast: head })
    opts.onRefreshed?.()
  }

  return {
    address,
    async load() {
      await refresh()
      opts.log?.(`device ${address} is ${identity.isSuper ? 'the super account' : identity.role === 'None' ? 'NOT registered' : describeUnit(identity.unit)}; station ${station.current()}`)
    },
    refresh,
    current: () => identity,
    deployment: () => pin.pinned().deployment,
  }
}
