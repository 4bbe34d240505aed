import { EventEmitter } from 'node:events'
import type { LocalAccount } from 'viem'
import { openSyncedBatteries } from '../consistency/openSyncedBatteries.js'
import { openOutbox } from '../outbox/openOutbox.js'
import { createStationClient } from './createStationClient.js'
import { createProvenBatteryReader } from '../verify/createProvenBatteryReader.js'
import { createPinnedProvenReader } from '../verify/createPinnedProvenReader.js'
import { createLieRecord } from '../verify/createLieRecord.js'
import { createOutcomeProver } from '../verify/createOutcomeProver.js'
import { createDeviceIdentity } from './createDeviceIdentity.js'
import { createChainPin } from './createChainPin.js'
import { requestPassport } from './requestPassport.js'
import { createRequestSigner } from './createRequestSigner.js'
import { createOutboxPump } from './createOutboxPump.js'
import { createUsbGlue } from './createUsbGlue.js'
import { createBatteryRegistrar } from './createBatteryRegistrar.js'
import { createConsistencyChecker } from './createConsistencyChecker.js'
import { createChainFollower } from './createChainFollower.js'
import { stationGet } from './stationGet.js'
import type { StationTrust } from '../tls/StationTrust.js'
import { createCharger, type ChargerOptions } from '../charger/createCharger.js'
import { DEFAULT_CHARGER } from '../charger/defaultCharger.js'
import { openChargeJournal } from '../charger/openChargeJournal.js'
import { chargeCall } from '../../sdk/calls/chargeCall.js'
import { reportChargingCall } from '../../sdk/calls/reportChargingCall.js'
import { readFileCondition } from './readFileCondition.js'

export type { DeviceBattery } from './DeviceBattery.js'
export type { OperationResult } from './OperationResult.js'

export type DeviceAgentOptions = {
  /** The device's own folder: outbox, API token. */
  dir: string
  /** USB mount folders (see scanUsbSlots). */
  slots: string[]
  /** Home station first, then the ones to fail over to. */
  stations: string[]
  /** Whom the device trusts over TLS: its stations' CA, or their pinned certificates (default: the public CAs). */
  trust?: StationTrust
  account: LocalAccount
  /** Seconds a signed request stays valid. */
  requestTtlSeconds?: number
  /** How long a station caught lying (or holding a request) is left, in ms (default 60 s). */
  distrustMs?: number
  /** How long after leaving its home station the device tries it again, in ms (default 30 s). */
  failbackMs?: number
  log?: (line: string) => void
  /** A station's charger (rating, power limit, speed-up; src/thin/charger); an EV's device has none to drive. */
  charger?: Pick<ChargerOptions, 'ratingW' | 'limitW' | 'speedup' | 'reportEveryS' | 'tickMs'>
}

export type DeviceAgent = Awaited<ReturnType<typeof createDeviceAgent>>

/**
 * The thin client: reads its batteries off USB disks, registers the new ones, keeps files and chain
 * consistent, and runs every operation through a durable outbox and a station's relay. It never runs a
 * node and never holds Ether.
 *
 * This factory only wires the stages, each in its own file with the state it owns: the pin (the chain and
 * contracts the device was enrolled on, every station checked against it), identity (who the device
 * is on chain), the signer and the outbox pump (operations out, outcomes back), the USB glue and the
 * registrar (the slots, the agent's own writes, new batteries), the consistency checker (files against the
 * chain, alerts) and the chain follower (the event stream, forks). A stage reaches another only through what
 * it is given here; the arrows that point back (a settled operation to the checker) are the lambdas below.
 *
 * @example
 * const agent = await createDeviceAgent({ dir, slots: ['/media'], stations: ['http://127.0.0.1:7001'], account })
 * await agent.start()
 * await agent.operate(dischargeCall(agent.deployment(), { batteryId: 1, energyWh: 5000, socPermille: 250, duration: 3600 }))
 */
export async function createDeviceAgent(opts: DeviceAgentOptions) {
  const { account } = opts
  const log = opts.log ?? (() => {})
  const events = new EventEmitter()
  // Every station is checked against the chain this device was enrolled on before it is used.
  const pin = createChainPin({ dir: opts.dir, log })
  const station = createStationClient(opts.stations, {
    vet: pin.vet,
    ...(opts.trust ? { trust: opts.trust } : {}),
    ...(opts.distrustMs === undefined ? {} : { distrustMs: opts.distrustMs }),
    ...(opts.failbackMs === undefined ? {} : { failbackMs: opts.failbackMs }),
  })
  const outbox = await openOutbox(`${opts.dir}/outbox`)
  const usb = createUsbGlue(opts.slots)
  // What the device acts on is proven against the signers' headers, not taken from a station.
  const prover = createPinnedProvenReader({ station, pinned: pin.pinned, updateSigners: pin.updateSigners, log })
  const identity = createDeviceIdentity({ address: account.address, station, pin, prover, log, onRefreshed: () => follower.follow() })
  const signer = createRequestSigner({ account, station, deployment: identity.deployment, ttlSeconds: opts.requestTtlSeconds ?? 3600 })
  const lies = createLieRecord({ distrust: station.distrust, log, changed: () => events.emit('state') })
  const pump = createOutboxPump({
    outbox,
    station,
    signer,
    events,
    log,
    settle: [(op) => registrar.settled(op), (op) => follower.settled(op)],
    check: () => checker.check(),
    outcomes: createOutcomeProver({ prover, station, deployment: identity.deployment, address: account.address }),
    lies,
  })
  const registrar = createBatteryRegistrar({ address: account.address, identity, usb, enqueue: pump.enqueue, log })
  const checker = createConsistencyChecker({
    dir: opts.dir,
    usb,
    outbox,
    reader: createProvenBatteryReader({ station, prover, deployment: identity.deployment, lies }),
    synced: openSyncedBatteries(opts.dir),
    identity,
    registrar,
    log,
    followBatteries: () => follower.follow(),
    changed: () => events.emit('state'),
    charger: (batteryId) => charger.explains(batteryId),
  })
  const follower = createChainFollower({ station, identity, checker, usb, signer, log })
  const charger = createCharger({
    ...DEFAULT_CHARGER,
    ...opts.charger,
    batteries: checker.batteries,
    unit: () => identity.current().unit,
    isStation: () => identity.current().role === 'StationOperator',
    write: usb.writeOwn,
    report: (batteryId, energyWh, socPermille) => pump.operate(reportChargingCall(identity.deployment(), { batteryId, energyWh, socPermille }), { batteryId }),
    finish: (batteryId, energyWh, socPermille, duration) => {
      // As a charge typed by hand: a battery whose file reports its condition sends it with the charge.
      const condition = readFileCondition(checker.batteries(), batteryId)
      return pump.operate(chargeCall(identity.deployment(), { batteryId, energyWh, socPermille, duration, ...(condition ? { condition } : {}) }), { batteryId })
    },
    settled: () => checker.check(),
    changed: () => events.emit('state'),
    journal: openChargeJournal(opts.dir),
    log,
  })

  return {
    address: account.address,
    events,
    station,
    async start(): Promise<void> {
      await identity.load()
      usb.watch(() => void checker.checkLogged())
      follower.start()
      await checker.check()
      pump.pump() // resend whatever a crash or power cut left in the outbox
      void charger.recover() // and count the charges it cut off
    },
    async stop(): Promise<void> {
      follower.stop()
      charger.close()
      usb.stop()
      await checker.stop()
      await pump.stop()
    },
    /**
     * Waits until the outbox is empty (every operation confirmed or failed) and what the operations wrote is
     * visible: ids written back into files, and `batteries()` read again from the files and the chain.
     */
    drain: pump.drain,
    check: checker.check,
    repairFile: checker.repairFile,
    operate: pump.operate,
    deployment: identity.deployment,
    /** The chain, contracts and signers this device was enrolled on (`<dir>/pinned.json`). */
    pinned: pin.pinned,
    identity: identity.current,
    refreshIdentity: identity.refresh,
    batteries: checker.batteries,
    /** The station's charger: batteries charging in the slots, the power limit (docs/charging.md). */
    charger,
    alerts: () => [...checker.alerts(), ...lies.alerts()],
    /** What the device reads proven: headers and proofs, and the bytes they cost. */
    prover,
    outbox: () => outbox.list(),
    get: <T>(path: string) => stationGet<T>(station, path),
    /** A battery's passport from the station; the legitimate-interest tier signed with this device's key. */
    passport: (batteryId: number, tier: 'public' | 'legitimate') => requestPassport({ station, account, deployment: identity.deployment() }, batteryId, tier),
  }
}
