import type { BatteryState } from '../../sdk/reads/types.js'
import { describeUnit } from '../../sdk/units.js'

type Field = [label: string, read: (s: BatteryState) => unknown, show: (v: unknown) => string]

const FIELDS: Field[] = [
  ['static info hash', (s) => s.staticHash.toLowerCase(), (v) => `${String(v).slice(0, 10)}…`],
  ['owner', (s) => s.dynamicInfo.owner.toLowerCase(), String],
  ['holder', (s) => s.dynamicInfo.holder, (v) => describeUnit(Number(v))],
  ['status', (s) => s.dynamicInfo.status, String],
  ['energy', (s) => s.dynamicInfo.energyWh, (v) => `${Number(v) / 1000} kWh`],
  ['SOC', (s) => s.dynamicInfo.socPermille, (v) => `${Number(v) / 10} %`],
  ['charging count', (s) => s.dynamicInfo.chargingCount, String],
  ['discharging count', (s) => s.dynamicInfo.dischargingCount, String],
  ['charging time', (s) => s.dynamicInfo.chargingTotalTime, (v) => `${Number(v) / 3600} h`],
  ['discharging time', (s) => s.dynamicInfo.dischargingTotalTime, (v) => `${Number(v) / 3600} h`],
  ['price', (s) => s.price, (v) => `${(Number(v) / 100).toFixed(2)} E-coin`],
]

/**
 * What a station's answer about battery `id` claimed that its proof at the same block refutes, in the
 * user's units, or undefined when they agree. `null` stands for "no such battery".
 *
 * @example
 * describeBatteryLie(7, claim, proven, 120) // { claim: "battery 7 at block 120 has energy 0.001 kWh", proven: "energy 60 kWh" }
 */
export function describeBatteryLie(id: number, claim: BatteryState | null, proven: BatteryState | null, block: bigint): { claim: string; proven: string } | undefined {
  if (claim === null && proven === null) return undefined
  if (claim === null) return { claim: `that there is no battery ${id} at block ${block}`, proven: `battery ${id} is registered, held by ${describeUnit(proven!.dynamicInfo.holder)}` }
  if (proven === null) return { claim: `battery ${id} at block ${block}`, proven: `no battery has id ${id} at block ${block}` }
  const differing = FIELDS.filter(([, read]) => safeShow(claim, read, String) !== safeShow(proven, read, String))
  if (differing.length === 0) return undefined
  return {
    claim: `battery ${id} at block ${block} has ${differing.map(([label, read, show]) => `${label} ${safeShow(claim, read, show)}`).join(', ')}`,
    proven: differing.map(([label, read, show]) => `${label} ${show(read(proven))}`).join(', '),
  }
}

/** A field of an answer, shown; a malformed answer (a part missing) shows as nothing, unlike any proven value. */
function safeShow(s: BatteryState, read: Field[1], show: Field[2]): string {
  try {
    return show(read(s))
  } catch {
    return 'nothing readable'
  }
}
