import type { ConditionReading } from '../../sdk/passport/passportTypes.js'
import { BadRequest } from './BadRequest.js'

/** Each field of a condition in a request body: its unit in chain units and the largest value its struct field holds. */
const FIELDS: Record<keyof ConditionReading, { what: string; unit: string; max: number }> = {
  remainingEnergyWh: { what: 'the remaining usable energy', unit: 'Wh', max: 0xffffffff },
  remainingCapacityMAh: { what: 'the remaining capacity', unit: 'mAh', max: 0xffffffff },
  energyThroughputWh: { what: 'the energy charged and discharged over its life', unit: 'Wh', max: 2 ** 48 - 1 },
  deepDischargeEvents: { what: 'the count of deep discharges', unit: 'events', max: 0xffff },
  overchargeEvents: { what: 'the count of overcharges', unit: 'events', max: 0xffff },
  overTemperatureEvents: { what: 'the count of over-temperature events', unit: 'events', max: 0xffff },
  extremeTemperatureSeconds: { what: 'the time spent at extreme temperatures', unit: 'seconds', max: 0xffffffff },
}

/**
 * The `condition` of a charge or discharge request body (chain units; a field absent or null is "not
 * reported"), or `undefined` when the body has none (absent or null) and the battery file's is used.
 * Unknown fields are refused rather than dropped: a misspelt `remainingEnergyWH` would otherwise be sent as
 * "not reported" without a word.
 *
 * @throws BadRequest naming the field, e.g. `condition.overchargeEvents`
 * @example
 * readConditionBody({ condition: { remainingEnergyWh: 58000, overchargeEvents: null } })
 * // { remainingEnergyWh: 58000, remainingCapacityMAh: null, ..., overchargeEvents: null, ... }
 */
export function readConditionBody(body: Record<string, unknown>): ConditionReading | undefined {
  const raw = body.condition
  if (raw === undefined || raw === null) return undefined
  const names = Object.keys(FIELDS) as (keyof ConditionReading)[]
  if (typeof raw !== 'object' || Array.isArray(raw)) {
    throw new BadRequest('condition', `condition must be an object with any of ${names.join(', ')} (chain units; null or left out when not reported)`)
  }
  const given = raw as Record<string, unknown>
  const unknown = Object.keys(given).filter((k) => !Object.hasOwn(FIELDS, k))
  if (unknown.length) {
    throw new BadRequest(`condition.${unknown[0]}`, `condition.${unknown[0]} is not a condition field; the fields are ${names.join(', ')}`)
  }
  const condition = {} as ConditionReading
  for (const name of names) {
    const { what, unit, max } = FIELDS[name]
    const v = given[name]
    if (v === undefined || v === null) {
      condition[name] = null
      continue
    }
    const n = typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : v
    if (typeof n !== 'number' || !Number.isInteger(n) || n < 0 || n > max) {
      throw new BadRequest(`condition.${name}`, `condition.${name} must be ${what} in ${unit}, a whole number from 0 to ${max}, or null when not reported`)
    }
    condition[name] = n
  }
  return condition
}
