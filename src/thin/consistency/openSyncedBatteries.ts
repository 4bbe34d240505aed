import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { writeFileAtomicSync } from '../../shared/fs/writeFileAtomicSync.js'
import type { FileUpdate } from './FieldDifference.js'
import { READING_FIELDS, sameReading, type Reading } from './Reading.js'

/** What a device remembers of one battery between checks, restarts and crashes. */
export type SyncedBattery = {
  /** The reading this device last saw in sync with the chain (wrote to the file, or found the file equal to). */
  reading: Reading
  /** The chain held the battery in another unit at the last check: its record is dropped once its disk leaves. */
  leaving?: boolean
  /** The last time this device rewrote the battery's file from the chain, and what changed. */
  lastFileUpdate?: FileUpdate
}

/** The per-battery "last synced" records of a device, kept in `<dir>/synced-batteries.json`. */
export type SyncedBatteries = {
  get(batteryId: number): SyncedBattery | undefined
  /**
   * Records `reading` as synced, `leaving` as the last check found it, and the rewrite of the file that made
   * it so, if any (call after the file is written). Writes only when something changed.
   */
  synced(batteryId: number, reading: Reading, leaving: boolean, update?: FileUpdate): void
  /**
   * Drops the records of batteries that were leaving (held elsewhere) and are no longer in the slots: what
   * happens to them next happens under another device's care, so a file they come back with is not explained
   * by what this device saw before.
   */
  forgetDeparted(present: ReadonlySet<number>): void
}

const FILE_NAME = 'synced-batteries.json'

/**
 * Opens (or starts) a device's "last synced" records: the reading it last saw in sync with the chain for each
 * battery, which is what tells an explained file (the chain moved on: rewrite it silently) from one the device
 * cannot explain (an alert). Written atomically (temp file, fsync, rename, fsync dir) on every change, so a
 * crash leaves the old or the new records, never half. The file is written before the record, so a crash
 * between the two leaves a file equal to the chain, which needs no record. A missing or unreadable records
 * file starts empty: every difference is then unexplained, an alert rather than a silent rewrite.
 *
 * @example
 * const synced = openSyncedBatteries(deviceDir)
 * checkBattery(file, chain, unit, { synced: synced.get(id)?.reading })
 */
export function openSyncedBatteries(dir: string): SyncedBatteries {
  const path = join(dir, FILE_NAME)
  const records = new Map<number, SyncedBattery>(load(path))
  const save = () => writeFileAtomicSync(path, `${JSON.stringify({ version: 1, batteries: Object.fromEntries(records) }, null, 1)}\n`)
  return {
    get: (id) => records.get(id),
    synced(id, reading, leaving, update) {
      const old = records.get(id)
      if (!update && old && sameReading(old.reading, reading) && Boolean(old.leaving) === leaving) return
      const lastFileUpdate = update ?? old?.lastFileUpdate
      records.set(id, { reading: { ...reading }, ...(leaving ? { leaving } : {}), ...(lastFileUpdate ? { lastFileUpdate } : {}) })
      save()
    },
    forgetDeparted(present) {
      let dropped = false
      for (const [id, r] of records) {
        if (r.leaving && !present.has(id)) dropped = records.delete(id)
      }
      if (dropped) save()
    },
  }
}

function load(path: string): [number, SyncedBattery][] {
  let json: { batteries?: Record<string, SyncedBattery> }
  try {
    json = JSON.parse(readFileSync(path, 'utf8'))
  } catch {
    return []
  }
  const out: [number, SyncedBattery][] = []
  for (const [id, r] of Object.entries(json.batteries ?? {})) {
    // A record that does not hold a whole reading explains nothing: leave it out.
    if (r?.reading && READING_FIELDS.every((f) => Number.isInteger(r.reading[f]))) out.push([Number(id), r])
  }
  return out
}
