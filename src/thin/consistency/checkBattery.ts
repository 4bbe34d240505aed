import { staticHash, type StaticInfoRecord } from '../../sdk/staticInfo.js'
import { describeUnit } from '../../sdk/units.js'
import type { BatteryView } from '../../sdk/reads/types.js'
import type { AlertKind } from './Alert.js'
import type { BatteryRecord } from '../usb/batteryRecord.js'

export type CheckBatteryResult = {
  alerts: { kind: AlertKind; message: string }[]
  /** The file as it should be when the chain is ahead of it (dynamic info, owner, price); undefined if nothing to repair. */
  repair?: BatteryRecord
}

const dynamicFields = ['energyWh', 'socPermille', 'chargingCount', 'dischargingCount', 'chargingTotalTime', 'dischargingTotalTime'] as const

/**
 * Compares a battery's USB file with the chain, for a device whose unit is `unit`.
 * The chain is the truth: static info that differs means a tampered or fake battery; a battery the chain
 * holds elsewhere is one whose swap was approved but whose disk has not moved yet; dynamic info that differs
 * is repaired in the file (and reported).
 *
 * @example
 * const { alerts, repair } = checkBattery(file, await getBattery(...), myUnit)
 */
export function checkBattery(file: BatteryRecord, chain: BatteryView | null, unit: number): CheckBatteryResult {
  const id = file.batteryId
  if (id === null) return { alerts: [] } // registration is under way; the outbox owns it
  if (!chain) {
    return { alerts: [{ kind: 'unknown_battery', message: `battery ${id} is not known to the chain: a fake or foreign battery` }] }
  }
  if (staticHash(file.staticInfo) !== chain.staticHash) {
    return {
      alerts: [{ kind: 'static_mismatch', message: `battery ${id}: static info differs from the chain (${diffStatic(file.staticInfo, chain.staticInfo)})` }],
    }
  }
  const alerts: CheckBatteryResult['alerts'] = []
  if (chain.dynamicInfo.holder !== unit) {
    alerts.push({
      kind: 'held_elsewhere',
      message: `battery ${id} belongs to ${describeUnit(chain.dynamicInfo.holder)} on chain: move its USB disk there`,
    })
    return { alerts }
  }
  const d = chain.dynamicInfo
  const behind = dynamicFields.filter((f) => file.dynamicInfo[f] !== d[f])
  const owner = d.owner.toLowerCase() as `0x${string}`
  if (behind.length > 0 || file.ownerAddress !== owner || file.dynamicInfo.price !== chain.price) {
    const repair: BatteryRecord = {
      ...file,
      ownerAddress: owner,
      dynamicInfo: {
        price: chain.price,
        energyWh: d.energyWh,
        socPermille: d.socPermille,
        chargingCount: d.chargingCount,
        dischargingCount: d.dischargingCount,
        chargingTotalTime: d.chargingTotalTime,
        dischargingTotalTime: d.dischargingTotalTime,
      },
    }
    if (behind.length > 0) {
      alerts.push({ kind: 'behind_chain', message: `battery ${id}: file was behind the chain in ${behind.join(', ')}; repaired` })
    }
    return { alerts, repair }
  }
  return { alerts }
}

function diffStatic(a: StaticInfoRecord, b: StaticInfoRecord): string {
  const keys = Object.keys(a) as (keyof StaticInfoRecord)[]
  const diff = keys.filter((k) => String(a[k]) !== String(b[k]))
  return diff.length ? diff.map((k) => `${k}: file ${String(a[k])}, chain ${String(b[k])}`).join('; ') : 'hash differs'
}
