import type { Deployment } from '../../src/sdk/deployment.js'
import { approveSwapCall } from '../../src/sdk/calls/approveSwapCall.js'
import { chargeCall } from '../../src/sdk/calls/chargeCall.js'
import { dischargeCall } from '../../src/sdk/calls/dischargeCall.js'
import { requestSwapCall } from '../../src/sdk/calls/requestSwapCall.js'
import type { EvswapCall } from '../../src/sdk/calls/EvswapCall.js'
import type { OpOutcome, Sender, SimAccount } from './senders.js'

export type OpKind = 'discharge' | 'requestSwap' | 'approveSwap' | 'charge'

/** One operation as the benchmark records it. Times in ms on the benchmark's clock. */
export type OpRecord = {
  mode: 'relay' | 'direct'
  kind: OpKind
  /** `ev-12` or `station-3`. */
  device: string
  batteryId: number
  start: number
  end: number
} & OpOutcome

/** What the chain should now hold for a battery, from the operations the devices saw confirmed. */
export type BatteryState = { id: number; energyWh: number; socPermille: number; discharges: number; charges: number }

export type SimEv = { name: string; account: SimAccount; battery: BatteryState; stuck?: string }
export type SimStation = {
  index: number
  name: string
  account: SimAccount
  /** Batteries the station owns and holds, not locked by a pending swap. */
  available: BatteryState[]
  /** Swaps asked of this station and not yet decided. */
  pending: { swapId: number; difference: bigint; evBattery: BatteryState; ev: SimEv; stationBattery: BatteryState; done: (approved: boolean) => void }[]
  /** Swap requests this station accepts per second (token bucket): bounded by its one serial device's approvals. */
  swapTokens: number
}

export type LoadModel = { evs: SimEv[]; stations: SimStation[]; batteries: Map<number, BatteryState> }

export type RunModeOptions = {
  mode: 'relay' | 'direct'
  send: Sender
  model: LoadModel
  deployment: Deployment
  seconds: number
  clock: () => number
  /** Chance that an EV with no swap pending asks for one instead of discharging, when its station has a token. */
  swapChance?: number
  /** Swap requests per second per station. */
  swapRatePerStation?: number
  /**
   * EV operations started per second, in all: an idle EV waits for the next start slot. Unset, each EV starts
   * its next operation as soon as its last is answered, so latency is EVs / throughput (Little's law) and
   * says nothing of what a lighter load would see.
   */
  ratePerSecond?: number
  onOp?: (op: OpRecord) => void
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

/**
 * Drives the traffic of one mode for `seconds`: every EV is one serial device (one request in flight)
 * that discharges its battery or, now and then, asks its station for a swap and waits for the answer; every
 * station's own device approves pending swaps first and charges its batteries otherwise. Then it stops
 * issuing, lets what is in flight finish, and has the stations decide every swap still pending.
 * Answers every operation with its outcome; the model's battery states follow what was confirmed.
 *
 * @example
 * const ops = await runMode({ mode: 'relay', send: relaySender(...), model, deployment, seconds: 60, clock })
 */
export async function runMode(o: RunModeOptions): Promise<OpRecord[]> {
  const { model, deployment: d, clock } = o
  const swapChance = o.swapChance ?? 0.05
  const swapRate = o.swapRatePerStation ?? 0.25
  const records: OpRecord[] = []
  const t0 = clock()
  const end = t0 + o.seconds * 1000
  let issuing = true

  const run = async (device: string, account: SimAccount, kind: OpKind, batteryId: number, call: EvswapCall): Promise<OpRecord> => {
    const start = clock()
    let outcome: OpOutcome
    try {
      outcome = await o.send(account, call)
    } catch (e) {
      outcome = { ok: false, executed: false, unknown: true, error: e instanceof Error ? e.message : String(e), retries: 0 }
    }
    const rec: OpRecord = { mode: o.mode, kind, device, batteryId, start, end: clock(), ...outcome }
    records.push(rec)
    o.onOp?.(rec)
    return rec
  }

  const refill = setInterval(() => {
    for (const s of model.stations) s.swapTokens = Math.min(2, s.swapTokens + swapRate / 4)
  }, 250)

  // Start slots 1/rate apart, handed out in the order EVs ask for them.
  let nextSlot = t0
  const pace = async (): Promise<void> => {
    if (!o.ratePerSecond) return
    const at = Math.max(clock(), nextSlot)
    nextSlot = at + 1000 / o.ratePerSecond
    if (at > clock()) await sleep(at - clock())
  }

  const evLoop = async (ev: SimEv) => {
    await sleep(Math.random() * 1000) // stagger the start
    const station = model.stations[ev.account.station - 1]!
    while (issuing && clock() < end && !ev.stuck) {
      await pace()
      if (clock() >= end) break
      const b = ev.battery
      if (Math.random() < swapChance && station.swapTokens >= 1 && station.available.length > 0) {
        station.swapTokens -= 1
        const stationBattery = station.available.shift()!
        const r = await run(ev.name, ev.account, 'requestSwap', b.id, requestSwapCall(d, { evBatteryId: b.id, stationBatteryId: stationBattery.id, maxCost: 10n ** 15n }))
        if (!r.ok || r.swapId === undefined) {
          station.available.push(stationBattery)
          if (r.unknown) ev.stuck = `swap request outcome unknown: ${r.error}`
          continue
        }
        const approved = await new Promise<boolean>((done) => station.pending.push({ swapId: r.swapId!, difference: r.swapDifference ?? 0n, evBattery: b, ev, stationBattery, done }))
        if (!approved) ev.stuck = `swap ${r.swapId} was not approved`
        continue
      }
      const next = { energyWh: Math.max(0, b.energyWh - 10), socPermille: Math.max(0, b.socPermille - 1) }
      const r = await run(ev.name, ev.account, 'discharge', b.id, dischargeCall(d, { batteryId: b.id, ...next, duration: 60 }))
      if (r.ok) Object.assign(b, next, { discharges: b.discharges + 1 })
      else if (r.unknown) ev.stuck = `discharge outcome unknown: ${r.error}`
    }
  }

  const stationLoop = async (s: SimStation) => {
    let turn = 0
    for (;;) {
      const p = s.pending.shift()
      if (p) {
        const r = await run(s.name, s.account, 'approveSwap', p.stationBattery.id, approveSwapCall(d, { swapId: p.swapId, evBatteryId: p.evBattery.id, stationBatteryId: p.stationBattery.id, difference: p.difference }))
        if (r.ok) {
          // Ownership moved: the EV leaves with the station's battery, the station keeps the EV's.
          const evBattery = p.ev.battery
          p.ev.battery = p.stationBattery
          s.available.push(evBattery)
        } else {
          s.available.push(p.stationBattery)
        }
        p.done(r.ok)
        continue
      }
      if (!issuing || clock() >= end) {
        // Drain: every EV still waits on its swap or has stopped; decide what is left, then stop.
        if (s.pending.length === 0 && evsDone) return
        await sleep(50)
        continue
      }
      if (s.available.length === 0) {
        await sleep(100)
        continue
      }
      // Out of `available` while it charges, so no EV asks for it meanwhile.
      const [b] = s.available.splice(turn++ % s.available.length, 1) as [BatteryState]
      const next = { energyWh: b.energyWh + 10, socPermille: Math.min(1000, b.socPermille + 1) }
      const r = await run(s.name, s.account, 'charge', b.id, chargeCall(d, { batteryId: b.id, ...next, duration: 60 }))
      if (r.ok) Object.assign(b, next, { charges: b.charges + 1 })
      s.available.push(b)
    }
  }

  let evsDone = false
  const stations = Promise.all(model.stations.map(stationLoop))
  await Promise.all(model.evs.map(evLoop))
  issuing = false
  evsDone = true
  await stations
  clearInterval(refill)
  return records
}
