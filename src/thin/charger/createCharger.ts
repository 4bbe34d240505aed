import { describeUnit } from '../../sdk/units.js'
import type { DeviceBattery } from '../agent/DeviceBattery.js'
import type { OperationResult } from '../agent/OperationResult.js'
import { readingOf, type Reading } from '../consistency/Reading.js'
import type { ChargerReadings } from '../consistency/withinCharge.js'
import type { BatteryRecord } from '../usb/batteryRecord.js'
import { advanceSession } from './advanceSession.js'
import { acceptedPower } from './acceptedPower.js'
import { ChargeRefused } from './ChargeRefused.js'
import type { ChargeSession, SessionState } from './ChargeSession.js'
import { fullEnergyOf } from './fullEnergyOf.js'
import { sharePower } from './sharePower.js'
import type { ChargeJournal, SavedCharge } from './openChargeJournal.js'

export type ChargerOptions = {
  /** The charger's rating per battery, W: the power a charge gets unless the operator picks less. */
  ratingW: number
  /** The station's power limit, W, shared among the batteries charging (sharePower); the operator can change it. */
  limitW: number
  /** Model seconds per real second, so that tests and the demo do not wait an hour (1 = real time). */
  speedup: number
  /** Model seconds between two readings sent to the chain while a charge runs (default 5 min). */
  reportEveryS?: number
  /** Real ms between two steps of the model, each a file write per battery (default 1 s). */
  tickMs?: number
  /** The batteries in the slots as the last consistency check left them. */
  batteries: () => DeviceBattery[]
  /** This device's unit on chain: a battery is charged only where the chain says it sits. */
  unit: () => number
  /** Whether this device is a station's (only a station operator charges; an EV's device drives no charger). */
  isStation: () => boolean
  /** Writes the battery's file, as its management system would (the agent's own write, no USB change). */
  write: (file: string, record: BatteryRecord) => void
  /** Sends a reading of a charge in progress (reportCharging): counts nothing. */
  report: (batteryId: number, energyWh: number, socPermille: number) => Promise<OperationResult>
  /** Sends the one counted charge (charge), when it ends or is stopped. */
  finish: (batteryId: number, energyWh: number, socPermille: number, durationS: number) => Promise<OperationResult>
  /** After the counted charge is on chain: a check that brings the file up to the chain (counts, total time). */
  settled: () => Promise<unknown>
  /** A session started, rose, ended: for the live view. */
  changed: () => void
  log?: (line: string) => void
  now?: () => number
  /** Where the running charges are kept across a restart (openChargeJournal); none: they are not. */
  journal?: ChargeJournal
}

export type Charger = ReturnType<typeof createCharger>

/**
 * The station's charger: batteries in its USB slots charge at a power (the rating, or a rate the operator
 * picks) within the station's power limit, their files rising as a battery management system would write
 * them, the chain told a reading every few minutes (uncounted) and the charge itself once, when it ends or
 * is stopped. It owns the sessions and their model clock; the stages are pure (sharePower, advanceSession,
 * fullEnergyOf) and the agent's outbox sends what it asks.
 *
 * @example
 * const charger = createCharger({ ratingW: 50_000, limitW: 150_000, speedup: 60, batteries, unit, write, report, finish, settled, changed })
 * charger.start(3) // battery 3 at the rating
 */
export function createCharger(o: ChargerOptions) {
  const now = o.now ?? Date.now
  const log = o.log ?? (() => {})
  const reportEveryS = o.reportEveryS ?? 300
  const sessions = new Map<number, Live>()
  let limitW = o.limitW
  let lastTick = now()
  let timer: ReturnType<typeof setInterval> | undefined

  const charging = () => [...sessions.values()].filter((s) => s.state === 'charging')
  // Charges a stop or a power cut interrupted: their files hold what the charger wrote, explained from the
  // first check on, and counted on chain by recover() once the device runs.
  for (const c of o.journal?.load() ?? []) {
    const { batteryId, requestedW, fullWh, startWh, elapsedS, start, written } = c
    sessions.set(batteryId, { batteryId, requestedW, powerW: 0, fullWh, startWh, energyWh: written.energyWh, exactWh: written.energyWh, socPermille: written.socPermille, elapsedS, secondsLeft: 0, state: 'sending', start, written, reportedAtS: elapsedS, reporting: false })
  }
  const journal = () =>
    o.journal?.save(
      [...sessions.values()]
        .filter((s): s is Live & { written: Reading } => (s.state === 'charging' || s.state === 'sending') && s.written !== undefined)
        .map((s): SavedCharge => ({ batteryId: s.batteryId, requestedW: s.requestedW, fullWh: s.fullWh, startWh: s.startWh, elapsedS: s.elapsedS, start: s.start, written: s.written })),
    )

  function tick(): void {
    const t = now()
    const dt = ((t - lastTick) / 1000) * o.speedup
    lastTick = t
    const active = charging()
    const shares = sharePower(limitW, active.map((s) => acceptedPower(s.requestedW, s.socPermille)))
    active.forEach((s, i) => {
      const p = advanceSession({ energyWh: s.exactWh, fullWh: s.fullWh }, shares[i]!, dt)
      Object.assign(s, { exactWh: p.exactWh, energyWh: p.energyWh, socPermille: p.socPermille, powerW: p.powerW, secondsLeft: p.secondsLeft, elapsedS: s.elapsedS + dt })
      if (!writeReading(s)) return void end(s)
      if (p.full) return void end(s)
      if (s.elapsedS - s.reportedAtS >= reportEveryS && !s.reporting) void report(s)
    })
    if (!charging().length) pause()
    journal()
    o.changed()
  }

  /** The battery's file with the session's reading; false once its disk has left the slots (the charge ends). */
  function writeReading(s: Live): boolean {
    if (!s.file || !s.record) return false
    const reading: Reading = { ...s.start, energyWh: s.energyWh, socPermille: s.socPermille }
    // Known before the file holds it: a check that read the file at any moment since the start finds a
    // reading between `start` and this one, however many steps ran while it waited for the chain.
    s.written = reading
    s.record = { ...s.record, dynamicInfo: { ...s.record.dynamicInfo, energyWh: s.energyWh, socPermille: s.socPermille } }
    try {
      o.write(s.file, s.record)
      return true
    } catch (e) {
      log(`battery ${s.batteryId}: its file could not be written (${(e as Error).message}); the charge ends`)
      return false
    }
  }

  async function report(s: SessionState): Promise<void> {
    s.reporting = true
    s.reportedAtS = s.elapsedS
    const failed = (why: string) => `The reading at ${(s.socPermille / 10).toFixed(1)} % did not reach the chain: ${why}. The charge goes on; the next reading tries again.`
    try {
      const r = await o.report(s.batteryId, s.energyWh, s.socPermille)
      if (r.status === 'confirmed') delete s.problem
      else s.problem = failed(r.error ?? 'refused')
    } catch (e) {
      s.problem = failed((e as Error).message)
    } finally {
      s.reporting = false
      o.changed()
    }
  }

  async function end(s: SessionState): Promise<void> {
    s.state = 'sending'
    s.powerW = 0
    s.secondsLeft = 0
    o.changed()
    const failed = (why: string) => {
      s.state = 'failed'
      s.problem = `The charge of battery ${s.batteryId} did not reach the chain: ${why}. Its file is brought back to the chain's reading; enter the charge by hand if it happened.`
    }
    try {
      const r = await o.finish(s.batteryId, s.energyWh, s.socPermille, Math.round(s.elapsedS))
      if (r.status === 'confirmed') {
        s.state = 'done'
        delete s.problem
      } else failed(r.error ?? 'refused')
    } catch (e) {
      failed((e as Error).message)
    }
    // Ended: the check brings the file the charger wrote up to the chain, as a file update, not an alert.
    await o.settled().catch(() => {})
    if (s.state === 'done') delete s.written
    journal()
    log(`battery ${s.batteryId}: charge ${s.state} at ${(s.energyWh / 1000).toFixed(1)} kWh, ${(s.socPermille / 10).toFixed(1)} %, over ${Math.round(s.elapsedS)} s`)
    o.changed()
  }

  function resume(): void {
    if (timer) return
    lastTick = now()
    timer = setInterval(tick, o.tickMs ?? 1000)
    timer.unref?.()
  }
  function pause(): void {
    if (timer) clearInterval(timer)
    timer = undefined
  }

  return {
    ratingW: o.ratingW,
    limitW: () => limitW,
    /** Changes the station's power limit; the sessions share the new one from the next step. */
    setLimit(w: number): void {
      if (!(w > 0)) throw new ChargeRefused('The station power limit must be more than 0 kW.', 'limitKw')
      limitW = w
      o.changed()
    },
    /** Starts charging a battery at `powerW` (default: the charger's rating). */
    start(batteryId: number, powerW: number = o.ratingW): ChargeSession {
      if (!(powerW > 0) || powerW > o.ratingW) {
        throw new ChargeRefused(`The charging power must be more than 0 kW and at most the charger's rating, ${o.ratingW / 1000} kW.`, 'powerKw')
      }
      if (!o.isStation()) throw new ChargeRefused('Only a station charges batteries: this device is not a station operator\'s.', 'batteryId')
      const b = o.batteries().find((x) => x.batteryId === batteryId)
      if (!b?.record) throw new ChargeRefused(`Battery ${batteryId} is not in this station's USB slots: insert its disk, then try again.`, 'batteryId')
      const busy = sessions.get(batteryId)
      if (busy && (busy.state === 'charging' || busy.state === 'sending')) throw new ChargeRefused(`Battery ${batteryId} is charging already: stop it first.`, 'batteryId')
      const chain = b.chain?.dynamicInfo
      if (!chain || chain.holder !== o.unit() || chain.status !== 'InService') {
        throw new ChargeRefused(`Battery ${batteryId} is not this station's to charge: ${chain ? `the chain has it at ${describeUnit(chain.holder)}, ${chain.status === 'InService' ? 'in service' : 'not in service'}` : 'the chain does not know it'}.`, 'batteryId')
      }
      if (b.alerts.length) throw new ChargeRefused(`Battery ${batteryId} has an alert (${b.alerts[0]!.message}): clear it before charging.`, 'batteryId')
      const fullWh = fullEnergyOf(b.record)
      if (!fullWh) throw new ChargeRefused(`Battery ${batteryId}'s full energy is unknown: its file has no passport and reads 0 %. Enter a reading by hand instead.`, 'batteryId')
      const { energyWh, socPermille } = b.record.dynamicInfo
      if (energyWh >= fullWh || socPermille >= 1000) throw new ChargeRefused(`Battery ${batteryId} is full (${(socPermille / 10).toFixed(1)} %, ${(energyWh / 1000).toFixed(1)} kWh): nothing to charge.`, 'batteryId')
      const start = readingOf(b.record.dynamicInfo)
      const s = {
        batteryId, requestedW: powerW, powerW: 0, fullWh, startWh: energyWh, energyWh, exactWh: energyWh, socPermille, elapsedS: 0, secondsLeft: 0,
        state: 'charging' as const, start, written: start, reportedAtS: 0, reporting: false, file: b.file, record: b.record,
      }
      sessions.set(batteryId, s)
      journal()
      log(`battery ${batteryId}: charging at ${powerW / 1000} kW from ${(energyWh / 1000).toFixed(1)} kWh, ${(socPermille / 10).toFixed(1)} %`)
      resume()
      o.changed()
      return view(s)
    },
    /** Stops a battery's charge where it is: its one counted charge goes to the chain with the time it ran. */
    stop(batteryId: number): ChargeSession {
      const s = sessions.get(batteryId)
      if (!s || s.state !== 'charging') throw new ChargeRefused(`Battery ${batteryId} is not charging.`, 'batteryId')
      tick() // the reading up to now
      if (s.state === 'charging') void end(s)
      return view(s)
    },
    sessions: (): ChargeSession[] => [...sessions.values()].map(view),
    /**
     * Counts on chain the charges a stop or a power cut interrupted (found in the journal at start), each with
     * the reading its file holds and the time it ran: a charge cut off ends where the battery says it is.
     */
    async recover(): Promise<void> {
      for (const s of [...sessions.values()].filter((x) => x.state === 'sending' && !x.file)) {
        log(`battery ${s.batteryId}: its charge was cut off at ${(s.energyWh / 1000).toFixed(1)} kWh, ${(s.socPermille / 10).toFixed(1)} %; counting it on chain`)
        await end(s)
      }
    },
    /** Brings the model up to now (the timer does so every `tickMs`). */
    step: tick,
    /**
     * What explains a battery's file to the consistency check: the readings this charger may have written
     * (from the start to the last), and whether the charge still runs (the file is then kept as it is) or
     * ended (brought up to the chain, as a synced one).
     */
    explains(batteryId: number): ChargerReadings | undefined {
      const s = sessions.get(batteryId)
      // Kept as it is until the counted charge is settled: a check before it is queued must not write the old reading back.
      return s?.written ? { from: s.start, to: s.written, inProgress: s.state === 'charging' || s.state === 'sending' } : undefined
    },
    /** Stops the model's clock (the device is stopping); sessions still charging stay where they are. */
    close: pause,
  }
}

/** A session with the battery's file as the charger writes it (none for a charge recovered from the journal: it rises no more). */
type Live = SessionState & { file?: string; record?: BatteryRecord; exactWh: number }

function view(s: Live): ChargeSession {
  const { batteryId, requestedW, powerW, fullWh, startWh, energyWh, socPermille, elapsedS, secondsLeft, state, problem } = s
  return { batteryId, requestedW, powerW, fullWh, startWh, energyWh, socPermille, elapsedS, secondsLeft: Number.isFinite(secondsLeft) ? secondsLeft : -1, state, ...(problem ? { problem } : {}) }
}
