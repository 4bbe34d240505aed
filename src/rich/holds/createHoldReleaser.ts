import type { EventEmitter } from 'node:events'
import type { IndexedEvent } from '../events/IndexedEvent.js'

export type HoldReleaserParameters = {
  /** The station index's event emitter: `chain` for each indexed event, `head` for each new block. */
  events: EventEmitter
  /** This station's unit (its batteries' holds are the ones it releases). */
  unit(): number
  /** The holds on this station's batteries when it starts, expired ones included. */
  initialHolds(): Promise<{ batteryId: number; until: number }[]>
  /** A block's timestamp (unix seconds): holds run out by the chain's clock, not the station's. */
  blockTime(blockNumber: number): Promise<number>
  /** Sends `releaseHold` as the station; true once it ran. */
  release(batteryId: number): Promise<boolean>
  log?: (line: string) => void
}

export type HoldReleaser = { stop(): void }

/** A release refused this many times is left to whoever wants the battery next (the contract ends it then). */
const ATTEMPTS = 3

/**
 * Ends the holds on this station's batteries once they run out, so that an unused hold's fee reaches whoever
 * the terms name and the station's list shows the battery free, without waiting for another EV to want it.
 * The contract lets anyone release an expired hold; the station, which holds the battery, knows when. Checked
 * at each new block while a hold runs (one block read), against the block's time.
 *
 * @example
 * const releaser = createHoldReleaser({ events: index.events, unit, initialHolds, blockTime, release })
 */
export function createHoldReleaser(p: HoldReleaserParameters): HoldReleaser {
  const holds = new Map<number, { until: number; attempts: number }>()
  let busy = false
  let stopped = false

  const onEvent = (e: IndexedEvent) => {
    const batteryId = Number(e.args.batteryId)
    if (e.event === 'BatteryHeld' && Number(e.args.stationUnit) === p.unit()) holds.set(batteryId, { until: Number(e.args.until), attempts: 0 })
    if (e.event === 'BatteryHoldEnded') holds.delete(batteryId)
  }
  const onHead = async (blockNumber: number) => {
    if (busy || stopped || holds.size === 0) return
    busy = true
    try {
      const now = await p.blockTime(blockNumber)
      for (const [batteryId, h] of [...holds]) {
        if (h.until > now || stopped) continue
        if (await p.release(batteryId).catch(() => false)) {
          holds.delete(batteryId)
          p.log?.(`released the expired hold on battery ${batteryId}`)
        } else if (++h.attempts >= ATTEMPTS) holds.delete(batteryId)
      }
    } catch (e) {
      p.log?.(`could not check the holds on this station's batteries: ${String(e)}`)
    } finally {
      busy = false
    }
  }
  const onHeadEvent = (n: number) => void onHead(n)
  p.events.on('chain', onEvent)
  p.events.on('head', onHeadEvent)
  void p.initialHolds().then(
    (initial) => {
      for (const h of initial) if (!holds.has(h.batteryId)) holds.set(h.batteryId, { until: h.until, attempts: 0 })
    },
    (e: unknown) => p.log?.(`could not read the holds on this station's batteries: ${String(e)}`),
  )

  return {
    stop() {
      stopped = true
      p.events.off('chain', onEvent)
      p.events.off('head', onHeadEvent)
    },
  }
}
