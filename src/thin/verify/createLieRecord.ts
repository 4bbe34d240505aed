import type { Alert } from '../consistency/Alert.js'
import type { StationLie } from './StationLie.js'

export type LieRecordOptions = {
  /** Moves the device off a station that lied, until it may be tried again. */
  distrust: (station: string, reason: string) => void
  log?: (line: string) => void
  /** The alerts changed. */
  changed?: () => void
}

export type LieRecord = {
  /** A proof refuted a station's claim: raise `station_lied` and move off that station. */
  caught(lie: StationLie): void
  /** A claim of this station proved true: the device is back on it, and its alert clears. */
  honest(station: string): void
  alerts(): Alert[]
}

/**
 * The device's memory of stations caught lying: one `station_lied` alert per station, naming its last false
 * claim and what the proof showed. Catching one moves the device to its next station (the entry stays in
 * the outbox); the alert stands until the device is back on that station and one of its claims proves true.
 *
 * @example
 * const lies = createLieRecord({ distrust: station.distrust, log })
 * lies.caught({ station: url, claim: 'discharge confirmed in block 12', proven: 'nonce still 4 at block 14' })
 */
export function createLieRecord(opts: LieRecordOptions): LieRecord {
  const alerts = new Map<string, Alert>()
  return {
    caught(lie) {
      const message = `station ${lie.station} lied: it claimed ${lie.claim}, but ${lie.proven ? `the proof against the signers' headers shows ${lie.proven}` : 'its proof does not hold against the signers\' headers'}; this device moved to its next station and keeps the operation until it is proven`
      opts.log?.(message)
      alerts.set(lie.station, { kind: 'station_lied', folder: lie.station, message, since: alerts.get(lie.station)?.since ?? Date.now() })
      opts.distrust(lie.station, `it lied: it claimed ${lie.claim}`)
      opts.changed?.()
    },
    honest(station) {
      if (!alerts.delete(station)) return
      opts.log?.(`station ${station} proved its claims again: its station_lied alert is cleared`)
      opts.changed?.()
    },
    alerts: () => [...alerts.values()],
  }
}
