import { randomBytes } from 'node:crypto'
import type { Address, Hex } from 'viem'
import { registerBatteryCall } from '../../sdk/calls/registerBatteryCall.js'
import { BATTERY_FILE_NAME, NOTHING_REPORTED, type BatteryRecord } from '../usb/batteryRecord.js'
import { readBatteryFile } from '../usb/readBatteryFile.js'
import type { DeviceIdentity } from './createDeviceIdentity.js'
import type { OutboxPump } from './createOutboxPump.js'
import type { UsbGlue } from './createUsbGlue.js'
import type { SettledOperation } from './OutboxPayload.js'

const REGISTRATION_RETRY_MS = 30_000

export type BatteryRegistrarOptions = {
  address: Address
  identity: Pick<DeviceIdentity, 'current' | 'deployment'>
  usb: Pick<UsbGlue, 'writeOwn'>
  enqueue: OutboxPump['enqueue']
  log?: (line: string) => void
  /** How long after a failed registration the folder is tried again; 30 s unless given. */
  retryMs?: number
}

export type BatteryRegistrar = {
  /**
   * A battery file without an id, found by a check: registers it, unless a registration of its folder is
   * under way (`underWay`), the device has no role, or one failed lately. Answers the alert it stands under
   * meanwhile (a failed registration waiting for its retry), if any.
   */
  consider(folder: string, record: BatteryRecord, underWay: ReadonlySet<string>): Promise<string | undefined>
  /** A settled operation: a registration's id is written back into its file, or its failure remembered. */
  settled(op: SettledOperation): Promise<void>
}

/**
 * The agent's registration of new batteries (part of the USB glue): a battery file without an id becomes a
 * `registerBattery` operation (`registerBatteryWithPassport` for a file with a passport), tagged so its id can be found again, and the id is written back into the file
 * before the operation leaves the outbox (a crash in between resends it, and finds the id by the tag). It
 * owns the folders whose registration failed, and when: retried after a pause, not in a loop.
 *
 * @example
 * const waiting = await registrar.consider(folder, record, pendingFolders)
 * if (waiting) raise('unknown_battery', folder, waiting)
 */
export function createBatteryRegistrar(opts: BatteryRegistrarOptions): BatteryRegistrar {
  const retryMs = opts.retryMs ?? REGISTRATION_RETRY_MS
  const failed = new Map<string, number>()

  async function register(folder: string, record: BatteryRecord): Promise<void> {
    const tag = `0x${randomBytes(32).toString('hex')}` as Hex
    const { energyWh, socPermille, chargingCount, dischargingCount, chargingTotalTime, dischargingTotalTime } = record.dynamicInfo
    const call = registerBatteryCall(opts.identity.deployment(), {
      staticInfo: record.staticInfo,
      reading: { energyWh, socPermille, chargingCount, dischargingCount, chargingTotalTime, dischargingTotalTime },
      tag,
      // A file with a passport registers it, with the condition it reports: none at all when the file has no
      // condition section, since the chain writes a passport with a first condition in the same call.
      ...(record.passport ? { passport: { info: record.passport, condition: record.condition ?? NOTHING_REPORTED } } : {}),
    })
    await opts.enqueue(call, { folder, tag })
  }

  async function writeBackId(op: SettledOperation): Promise<void> {
    const { folder } = op.payload
    // A settled registration carries its proven id (the outcome prover looked it up by tag if need be).
    const batteryId = Number(op.events.find((e) => e.event === 'BatteryRegistered')?.args.batteryId ?? 0)
    if (!batteryId) return
    const file = `${folder}/${BATTERY_FILE_NAME}`
    const read = readBatteryFile(file)
    if (!read.ok || read.battery.batteryId !== null) return
    opts.usb.writeOwn(file, { ...read.battery, batteryId, ownerAddress: opts.address.toLowerCase() as Address })
    opts.log?.(`battery in ${folder} registered as ${batteryId}`)
  }

  return {
    async consider(folder, record, underWay) {
      const failedAt = failed.get(folder) ?? 0
      if (Date.now() - failedAt < retryMs) return `registration failed; retrying in ${Math.ceil((retryMs - (Date.now() - failedAt)) / 1000)} s`
      if (opts.identity.current().role !== 'None' && !underWay.has(folder)) await register(folder, record)
      return undefined
    },
    async settled(op) {
      if (op.payload.call.label !== 'registerBattery' || !op.payload.folder) return
      if (op.ok) await writeBackId(op)
      else failed.set(op.payload.folder, Date.now())
    },
  }
}
