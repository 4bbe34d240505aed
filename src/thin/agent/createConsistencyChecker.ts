import { existsSync } from 'node:fs'
import type { BatteryView } from '../../sdk/reads/types.js'
import type { Alert, AlertKind } from '../consistency/Alert.js'
import { checkBattery, type CheckBatteryOptions } from '../consistency/checkBattery.js'
import type { FieldDifference, FileUpdate } from '../consistency/FieldDifference.js'
import { describeChanges } from '../consistency/fieldDifferences.js'
import { describeAlertChange } from '../consistency/describeAlertChange.js'
import type { SyncedBatteries } from '../consistency/openSyncedBatteries.js'
import type { Outbox } from '../outbox/openOutbox.js'
import type { BatteryRecord } from '../usb/batteryRecord.js'
import { readBatteryFile } from '../usb/readBatteryFile.js'
import type { BatteryReader } from './BatteryReader.js'
import type { BatteryRegistrar } from './createBatteryRegistrar.js'
import type { DeviceIdentity } from './createDeviceIdentity.js'
import type { UsbGlue } from './createUsbGlue.js'
import type { DeviceBattery } from './DeviceBattery.js'
import type { OutboxPayload } from './OutboxPayload.js'

export type ConsistencyCheckerOptions = {
  /** The device's folder: where an `unregistered_device` alert points. */
  dir: string
  usb: Pick<UsbGlue, 'scan' | 'writeOwn'>
  /** Operations in flight: their batteries' files are written when they finish, and folders being registered wait. */
  outbox: Pick<Outbox, 'list'>
  reader: BatteryReader
  /** What this device last saw in sync with the chain, per battery: what explains a file that differs. */
  synced: SyncedBatteries
  identity: Pick<DeviceIdentity, 'current'>
  registrar: Pick<BatteryRegistrar, 'consider'>
  log?: (line: string) => void
  /** What the station's charger wrote into a battery's file (createCharger's `explains`): no stale file. */
  charger?: (batteryId: number) => CheckBatteryOptions['charger']
  /** After every check, once the batteries are known: a battery inserted or removed changes what the device follows on chain. */
  followBatteries?: () => void
  /** After every check: the batteries and alerts may have changed. */
  changed?: () => void
}

export type ConsistencyChecker = {
  /** Checks every battery in the slots against the chain; a call during a check runs one more after it. */
  check(): Promise<Alert[]>
  /** `check`, with a failure logged rather than thrown: for the USB watcher and the chain's events. */
  checkLogged(): Promise<void>
  /**
   * Rewrites a battery's file from the chain at the user's request (a `stale_file` alert the device cannot
   * explain), then checks again. Static info is never rewritten, and nothing is while the battery sits in
   * another unit on chain or has an operation in flight: the alerts that still stand say so.
   */
  repairFile(batteryId: number): Promise<{ battery: DeviceBattery | undefined; alerts: Alert[] }>
  /** The batteries as the last check left them. */
  batteries(): DeviceBattery[]
  /** The ids of the batteries the last check found in the slots. */
  batteryIds(): number[]
  alerts(): Alert[]
  /** No check starts after this; waits (2 s at most) for the one running, so it does not outlive its device. */
  stop(): Promise<void>
}

/** How long stopping waits for a check in progress (its station requests time out later than this). */
const STOP_WAIT_MS = 2000

/**
 * The agent's consistency checker (paper 3.3): each USB battery file against the chain, by `checkBattery`'s
 * rule. It rewrites a file the device can explain (recording the reading in `synced`, after the file), raises
 * an alert for one it cannot, and hands files without an id to the registrar. It owns the batteries and
 * alerts of the last check, the run in progress, and the rewrites the user asked for.
 *
 * @example
 * const checker = createConsistencyChecker({ dir, usb, outbox, reader, synced, identity, registrar })
 * const alerts = await checker.check()
 */
export function createConsistencyChecker(opts: ConsistencyCheckerOptions): ConsistencyChecker {
  const { usb, reader, synced, identity } = opts
  const log = opts.log ?? (() => {})
  /** Batteries whose file the user asked to rewrite from the chain (repairFile); served by the next check. */
  const rewriteRequested = new Set<number>()
  let batteries: DeviceBattery[] = []
  let alerts = new Map<string, Alert>()
  let checking: Promise<Alert[]> | undefined
  let checkAgain = false
  let stopped = false

  function check(): Promise<Alert[]> {
    if (stopped) return Promise.resolve([...alerts.values()])
    if (checking) {
      checkAgain = true
      return checking
    }
    checking = (async () => {
      try {
        do {
          checkAgain = false
          // A run cut short by a disk that left the slots mid-run is run again, from a new scan.
          if (!(await checkOnce())) checkAgain = true
        } while (checkAgain && !stopped)
        return [...alerts.values()]
      } finally {
        checking = undefined
      }
    })()
    return checking
  }

  /** Writes a battery file, unless its disk left the slots since the scan (a USB move): then answers false. */
  function writeUnlessGone(file: string, record: BatteryRecord): boolean {
    try {
      usb.writeOwn(file, record)
      return true
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return false
      throw e
    }
  }

  /** One pass over the slots; false when a disk left them during it (a file gone before its read or write), and nothing of it was published. */
  async function checkOnce(): Promise<boolean> {
    const { batteries: found, empty } = usb.scan()
    const pending = (await opts.outbox.list()).map((e) => e.payload as OutboxPayload)
    const busy = new Set(pending.map((p) => p.batteryId).filter((x) => x !== undefined))
    const registering = new Set(pending.map((p) => p.folder).filter((x) => x !== undefined))
    const next: DeviceBattery[] = []
    const seen = new Map<string, Alert>()
    const raise = (kind: AlertKind, folder: string, message: string, batteryId?: number, fields?: FieldDifference[]) => {
      const key = `${kind}:${folder}`
      seen.set(key, { kind, folder, message, since: alerts.get(key)?.since ?? Date.now(), ...(batteryId ? { batteryId } : {}), ...(fields?.length ? { fields } : {}) })
    }
    const me = identity.current()
    if (me.role === 'None' && !me.isSuper) {
      raise('unregistered_device', opts.dir, `this device (${me.address}) is not registered: ask the super account to register it`)
    }
    for (const { folder } of empty) {
      raise('missing_file', folder, `the USB folder ${folder} holds no "battery information.json": copy the battery's file into it, or take the folder out if it is not a battery disk`)
    }
    for (const { folder, file } of found) {
      const read = readBatteryFile(file)
      // Gone since the scan: its disk left the slots (a USB move), which is no broken file.
      if (!read.ok && !existsSync(file)) return false
      if (!read.ok) {
        const problems = read.errors.map((e) => `${e.field}: ${e.message}`).join('; ')
        raise('invalid_file', folder, `the battery file in ${folder} cannot be read as a battery (${problems}): fix it (npx evswap battery check names each problem) or restore it from a backup`)
        next.push({ folder, file, batteryId: null, record: null, chain: null, alerts: [] })
        continue
      }
      let record = read.battery
      let chain: BatteryView | null = null
      if (record.batteryId === null) {
        const waiting = await opts.registrar.consider(folder, record, registering)
        if (waiting) raise('unknown_battery', folder, waiting)
      } else {
        const id = record.batteryId
        const known = batteries.find((b) => b.folder === folder && b.batteryId === id)?.chain
        // An operation on it is in flight: its state is read when the operation finishes (the pump checks
        // then), so an event that arrives first does not cost a read whose result could not be written anyway.
        chain = busy.has(id) && known ? known : await reader.read(id)
        const requested = rewriteRequested.has(id) && !busy.has(id)
        const result = checkBattery(record, chain, identity.current().unit, { synced: synced.get(id)?.reading, rewrite: requested, charger: opts.charger?.(id) })
        for (const a of result.alerts) raise(a.kind, folder, a.message, id, a.fields)
        // A file whose battery has an operation in flight is written when it finishes, from the chain then.
        if (result.synced && !(result.repair && busy.has(id))) {
          let update: FileUpdate | undefined
          if (result.repair) {
            if (!writeUnlessGone(file, result.repair)) return false
            record = result.repair
            update = { at: Date.now(), reason: requested ? 'user' : 'chain', changes: result.changes, message: `battery ${id}'s file was ${requested ? 'rewritten from the chain as asked' : 'updated from the chain'}: ${describeChanges(result.changes)}` }
            log(`${update.message} (${folder})`)
          }
          // After the file: a crash between the two leaves a file equal to the chain, which needs no record.
          synced.synced(id, result.synced, chain?.dynamicInfo.holder !== identity.current().unit, update)
        }
        if (requested) rewriteRequested.delete(id)
      }
      const lastFileUpdate = record.batteryId === null ? undefined : synced.get(record.batteryId)?.lastFileUpdate
      next.push({ folder, file, batteryId: record.batteryId, record, chain, alerts: [], ...(lastFileUpdate ? { lastFileUpdate } : {}) })
    }
    synced.forgetDeparted(new Set(next.map((b) => b.batteryId).filter((x): x is number => x !== null)))
    for (const b of next) b.alerts = [...seen.values()].filter((a) => a.folder === b.folder)
    batteries = next
    opts.followBatteries?.()
    for (const line of describeAlertChange(alerts, seen)) log(line)
    alerts = seen
    opts.changed?.()
    return true
  }

  return {
    check,
    checkLogged: () => check().then(
      () => {},
      // After stop the stations may be gone with it (a demo stops them all): that is no failure to report.
      (e) => (stopped ? undefined : log(`check failed: ${e instanceof Error ? e.message : String(e)}`)),
    ),
    async repairFile(batteryId) {
      rewriteRequested.add(batteryId)
      try {
        await check()
      } finally {
        rewriteRequested.delete(batteryId)
      }
      const battery = batteries.find((b) => b.batteryId === batteryId)
      return { battery, alerts: battery?.alerts ?? [] }
    },
    batteries: () => batteries,
    batteryIds: () => batteries.map((b) => b.batteryId).filter((x): x is number => x !== null),
    alerts: () => [...alerts.values()],
    async stop() {
      stopped = true
      const running = checking
      if (running) await Promise.race([running.catch(() => {}), new Promise((res) => setTimeout(res, STOP_WAIT_MS).unref())])
    },
  }
}
