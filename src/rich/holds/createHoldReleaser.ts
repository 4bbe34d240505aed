import type { EventEmitter } from 'node:events'
import type { IndexedEvent } from '../events/IndexedEvent.js'

export type HoldReleaserParameters = {
  /** The station index's event emitter: `chain` for each indexed event. */
  events: EventEmitter
  /** This station's unit (its batteries' holds are the ones it releases). */
  unit(): number
  /** The holds on this station's batteries when it starts, expired ones included. */
  initialHolds(): Promise<{ batteryId: number; until: number }[]>
  /** Sends `releaseHold` as the station; true once it ran. */
  release(batteryId: number): Promise<boolean>
  log?: (line: string) => void
  /** How long after `until` a release goes, for a block at or past it to exist (the chain's clock). */
  graceMs?: number
}

export type HoldReleaser = { stop(): void }

const RETRIES = 3

/**
 * Ends the holds on this station's batteries when they run out, so that an unused hold's fee reaches whoever
 * the terms name and the station's list shows the battery free, without waiting for another EV to want it.
 * The contract lets anyone release an expired hold; the station, which holds the battery, is the one that
 * knows when.
 *
 * @example
 * const releaser = createHoldReleaser({ events: index.events, unit: () => agent.identity().unit, initialHolds, release })
 */
export function createHoldReleaser(p: HoldReleaserParameters): HoldReleaser {
  const graceMs = p.graceMs ?? 2000
  const timers = new Map<number, NodeJS.Timeout>()
  let stopped = false

  const schedule = (batteryId: number, until: number, attempt = 0) => {
    clearTimeout(timers.get(batteryId))
    const delay = Math.max(0, until * 1000 - Date.now()) + graceMs * (attempt + 1)
    const timer = setTimeout(() => void fire(batteryId, until, attempt), delay)
    timer.unref()
    timers.set(batteryId, timer)
  }
  const fire = async (batteryId: number, until: number, attempt: number) => {
    timers.delete(batteryId)
    if (stopped) return
    const ran = await p.release(batteryId).catch(() => false)
    if (ran) return p.log?.(`released the expired hold on battery ${batteryId}`)
    // Refused: the EV swapped on it or someone released it first (its event clears nothing left to do), or
    // the last block is still before `until`: try again a little later.
    if (attempt + 1 < RETRIES && !stopped) schedule(batteryId, until, attempt + 1)
  }
  const onEvent = (e: IndexedEvent) => {
    const batteryId = Number(e.args.batteryId)
    if (e.event === 'BatteryHeld' && Number(e.args.stationUnit) === p.unit()) schedule(batteryId, Number(e.args.until))
    if (e.event === 'BatteryHoldEnded') {
      clearTimeout(timers.get(batteryId))
      timers.delete(batteryId)
    }
  }
  p.events.on('chain', onEvent)
  void p.initialHolds().then(
    (holds) => {
      for (const h of holds) if (!timers.has(h.batteryId)) schedule(h.batteryId, h.until)
    },
    (e: unknown) => p.log?.(`could not read the holds on this station's batteries: ${String(e)}`),
  )

  return {
    stop() {
      stopped = true
      p.events.off('chain', onEvent)
      for (const t of timers.values()) clearTimeout(t)
      timers.clear()
    },
  }
}
