import { staticHash } from '../../sdk/staticInfo.js'
import { describeUnit } from '../../sdk/units.js'
import type { BatteryView } from '../../sdk/reads/types.js'
import type { AlertKind } from './Alert.js'
import type { BatteryRecord } from '../usb/batteryRecord.js'
import type { FieldDifference } from './FieldDifference.js'
import { describeDifferences, fieldDifferences } from './fieldDifferences.js'
import { readingOf, sameReading, type Reading } from './Reading.js'
import { withinCharge, type ChargerReadings } from './withinCharge.js'

export type CheckBatteryOptions = {
  /**
   * The reading this device last saw in sync with the chain for this battery (it wrote it to the file, or
   * found the file equal to the chain). A file still holding it is explained: the chain moved on since.
   */
  synced?: Reading
  /** Rewrite the file from the chain whatever it holds (a user's request, or a device that trusts no file). */
  rewrite?: boolean
  /**
   * The readings the station's charger may have written into the file (the battery's management system during a charge,
   * src/thin/charger). A file holding one is explained: kept as it is while the charge runs (the chain hears
   * of it every few minutes, and counts it once at the end), brought up to the chain like a synced one after.
   */
  charger?: ChargerReadings
}

export type CheckBatteryResult = {
  alerts: { kind: AlertKind; message: string; fields?: FieldDifference[] }[]
  /** The file as it should be (readings, price, owner from the chain); undefined if nothing to rewrite. */
  repair?: BatteryRecord
  /** What `repair` changes, file value -> chain value, in file units. */
  changes: FieldDifference[]
  /** The chain's reading when the file holds it (as is, or once `repair` is written): the new synced reading. */
  synced?: Reading
}

/**
 * Compares a battery's USB file with the chain, for a device whose unit is `unit`. The chain is the truth:
 * - static info that differs means a tampered or fake battery (`static_mismatch`), never rewritten;
 * - a battery the chain holds in another unit is one whose swap was approved and whose disk has not moved
 *   yet (`held_elsewhere`); its file is still brought up to date, since the disk is here until it moves;
 * - a reading (energy, SOC, counts, times) that differs is rewritten when the file holds what this device
 *   last synced (`options.synced`: the chain moved on, by an operation, a station's charge or a fork), and
 *   is a `stale_file` alert otherwise (an edited file, an old copy, a new battery whose file disagrees):
 *   the file is then left as it is until it is fixed or a rewrite is asked for (`options.rewrite`); a
 *   reading the station's charger wrote (`options.charger`) is explained too;
 * - owner and price alone are always rewritten (a swap or time explains them).
 *
 * @example
 * const { alerts, repair, changes, synced } = checkBattery(file, await getBattery(...), myUnit, { synced: last })
 */
export function checkBattery(file: BatteryRecord, chain: BatteryView | null, unit: number, options: CheckBatteryOptions = {}): CheckBatteryResult {
  const id = file.batteryId
  if (id === null) return { alerts: [], changes: [] } // registration is under way; the outbox owns it
  if (!chain) {
    return {
      alerts: [{ kind: 'unknown_battery', message: `battery ${id} is not known to the chain: a fake or foreign battery. Take its USB disk out and check where it came from` }],
      changes: [],
    }
  }
  const fromChain: BatteryRecord = {
    ...file,
    ownerAddress: chain.dynamicInfo.owner.toLowerCase() as `0x${string}`,
    staticInfo: chain.staticInfo,
    dynamicInfo: { price: chain.price, ...readingOf(chain.dynamicInfo) },
  }
  if (staticHash(file.staticInfo) !== chain.staticHash) {
    const fields = fieldDifferences(file, fromChain, 'static')
    return {
      alerts: [{
        kind: 'static_mismatch',
        message: `battery ${id}: its file's static info differs from the chain (${fields.length ? describeDifferences(fields) : 'the hash differs'}). Static info never changes: restore the file's original static info, or take out a battery that may be fake`,
        fields,
      }],
      changes: [],
    }
  }
  const alerts: CheckBatteryResult['alerts'] = []
  const holder = chain.dynamicInfo.holder
  if (holder !== unit) {
    alerts.push({ kind: 'held_elsewhere', message: `battery ${id} sits at ${describeUnit(holder)} on chain, not at ${unit ? describeUnit(unit) : 'this device'}: move its USB disk there` })
  }
  const chainReading = readingOf(chain.dynamicInfo)
  const charged = options.charger !== undefined && withinCharge(file.dynamicInfo, options.charger)
  if (charged && options.charger?.inProgress && !options.rewrite && !sameReading(file.dynamicInfo, chainReading)) return { alerts, changes: [] }
  const explained = options.rewrite || charged || sameReading(file.dynamicInfo, chainReading) || (options.synced !== undefined && sameReading(file.dynamicInfo, options.synced))
  if (!explained) {
    const fields = fieldDifferences(file, fromChain, 'readings')
    alerts.push({
      kind: 'stale_file',
      message: `battery ${id}: its file disagrees with the chain in a way this device did not see happen (${describeDifferences(fields)}). If the chain is right, have this device rewrite the file from the chain (POST /api/device/batteries/${id}/repair); if not, restore the file from a copy you trust`,
      fields,
    })
    return { alerts, changes: [] }
  }
  const target: BatteryRecord = { ...fromChain, staticInfo: file.staticInfo }
  const changes = fieldDifferences(file, target, 'rewritten')
  return { alerts, changes, synced: chainReading, ...(changes.length ? { repair: target } : {}) }
}
