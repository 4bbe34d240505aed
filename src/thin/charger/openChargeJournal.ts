import { existsSync, readFileSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { writeFileAtomicSync } from '../../shared/fs/writeFileAtomicSync.js'
import type { Reading } from '../consistency/Reading.js'

/** What survives a restart of a charge that was running: enough to explain the battery's file and to count it. */
export type SavedCharge = { batteryId: number; requestedW: number; fullWh: number; startWh: number; elapsedS: number; start: Reading; written: Reading }

export type ChargeJournal = { load(): SavedCharge[]; save(charges: SavedCharge[]): void }

export const CHARGE_JOURNAL_FILE = 'charging.json'

/**
 * The charges running, kept in `<dir>/charging.json` (written atomically at each step, removed when none runs),
 * so that a device that stops mid-charge (a restart, a power cut) finds on its next start what its charger had
 * written into the battery's file: the file is then explained, not a stale_file alert, and the charge is
 * counted on chain with the time it ran, as a charge interrupted by a power cut ends where the battery says.
 *
 * @example
 * const journal = openChargeJournal(dir)
 * journal.save([{ batteryId: 3, ... }])
 */
export function openChargeJournal(dir: string): ChargeJournal {
  const file = join(dir, CHARGE_JOURNAL_FILE)
  let last = ''
  return {
    load() {
      if (!existsSync(file)) return []
      try {
        const saved = JSON.parse(readFileSync(file, 'utf8')) as unknown
        return Array.isArray(saved) ? (saved as SavedCharge[]).filter((c) => Number.isInteger(c?.batteryId) && c.start && c.written) : []
      } catch {
        // A journal that cannot be read explains nothing: the consistency check then says what it finds.
        return []
      }
    },
    save(charges) {
      const text = JSON.stringify(charges)
      if (text === last) return
      last = text
      if (charges.length === 0) rmSync(file, { force: true })
      else writeFileAtomicSync(file, text, { mode: 0o600 })
    },
  }
}
