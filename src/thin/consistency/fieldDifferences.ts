import type { BatteryRecord, DynamicInfoRecord, StaticInfoRecord } from '../usb/batteryRecord.js'
import type { FieldDifference } from './FieldDifference.js'

type Show = (value: unknown) => string

const hours: Show = (s) => `${Number((Number(s) / 3600).toFixed(6))} h`
const coins: Show = (cents) => `${(Number(cents) / 100).toFixed(2)} E-coin`
const plain: Show = (v) => String(v)

/** Static fields in file order: [record key, file key, label, how to show a chain-unit value in file units]. */
const STATIC: [keyof StaticInfoRecord, string, string, Show][] = [
  ['brand', 'brand', 'brand', (v) => `"${String(v)}"`],
  ['maxChargingCount', 'maxChargingCount', 'charging count limit', plain],
  ['maxDischargingCount', 'maxDischargingCount', 'discharging count limit', plain],
  ['maxYearLimited', 'maxYearLimited', 'life limit', (v) => `${String(v)} years`],
  ['maxChargingTotalTime', 'maxChargingTotalTime', 'charging time limit', hours],
  ['maxDischargingTotalTime', 'maxDischargingTotalTime', 'discharging time limit', hours],
  ['manufactureYear', 'manufactureYear', 'manufacture year', plain],
  ['manufactureMonth', 'manufactureMonth', 'manufacture month', plain],
  ['manufacturePrice', 'manufacturePrice', 'manufacture price', coins],
]

const DYNAMIC: [keyof DynamicInfoRecord, string, string, Show][] = [
  ['price', 'price', 'price', coins],
  ['energyWh', 'energy', 'energy', (v) => `${Number(v) / 1000} kWh`],
  ['socPermille', 'SOC', 'SOC', (v) => `${Number(v) / 10} %`],
  ['chargingCount', 'chargingCount', 'charging count', plain],
  ['dischargingCount', 'dischargingCount', 'discharging count', plain],
  ['chargingTotalTime', 'chargingTotalTime', 'charging time', hours],
  ['dischargingTotalTime', 'dischargingTotalTime', 'discharging time', hours],
]

/**
 * The fields where two battery records differ (`file`, then the chain's view of it), each said in the file's
 * units (kWh, %, hours, E-coin) whatever unit the record keeps. `part` picks the static info, the readings
 * (dynamic info without price), or everything the device rewrites from the chain (readings, price, owner).
 *
 * @example
 * fieldDifferences(fileRecord, chainRecord, 'readings')
 * // [{ field: 'dynamicInfo.energy', label: 'energy', file: '3 kWh', chain: '2.9 kWh' }]
 */
export function fieldDifferences(file: BatteryRecord, chain: BatteryRecord, part: 'static' | 'readings' | 'rewritten'): FieldDifference[] {
  const out: FieldDifference[] = []
  if (part === 'static') {
    for (const [key, name, label, show] of STATIC) {
      if (String(file.staticInfo[key]) !== String(chain.staticInfo[key])) {
        out.push({ field: `staticInfo.${name}`, label, file: show(file.staticInfo[key]), chain: show(chain.staticInfo[key]) })
      }
    }
    return out
  }
  if (part === 'rewritten' && file.ownerAddress !== chain.ownerAddress) {
    out.push({ field: 'ownerAddress', label: 'owner', file: file.ownerAddress ?? 'none', chain: chain.ownerAddress ?? 'none' })
  }
  for (const [key, name, label, show] of DYNAMIC) {
    if (key === 'price' && part !== 'rewritten') continue
    if (String(file.dynamicInfo[key]) !== String(chain.dynamicInfo[key])) {
      out.push({ field: `dynamicInfo.${name}`, label, file: show(file.dynamicInfo[key]), chain: show(chain.dynamicInfo[key]) })
    }
  }
  return out
}

/** "energy: file 3 kWh, chain 2.9 kWh; SOC: file 5 %, chain 4.9 %" */
export function describeDifferences(differences: readonly FieldDifference[], sides: [string, string] = ['file', 'chain']): string {
  return differences.map((d) => `${d.label}: ${sides[0]} ${d.file}, ${sides[1]} ${d.chain}`).join('; ')
}

/** "energy 3 kWh -> 2.9 kWh, SOC 5 % -> 4.9 %" */
export function describeChanges(changes: readonly FieldDifference[]): string {
  return changes.map((d) => `${d.label} ${d.file} -> ${d.chain}`).join(', ')
}
