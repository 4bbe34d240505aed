import type { Kysely } from 'kysely'
import type { batteryStatusNames } from '../../../sdk/enums.js'
import { batteryHealth } from '../../../sdk/passport/batteryHealth.js'
import { fromConditionStruct, fromPassportStruct, type ConditionReadingStruct, type PassportInfoStruct } from '../../../sdk/passport/passportStructs.js'
import type { PassportInfo } from '../../../sdk/passport/passportTypes.js'
import { eventFromRow } from '../eventFromRow.js'
import type { IndexTables } from '../IndexTables.js'

/**
 * A battery a holder has, with its state of health: `passport` false for a battery registered without one;
 * `sohPermille` its state of certified energy at the last condition reading, null when none reported it.
 */
export type HeldBatteryHealth = { id: number; status: (typeof batteryStatusNames)[number]; passport: boolean; sohPermille: number | null }

/**
 * Every battery `holder` has, by id, with the state of health its passport and last condition reading give
 * (the contract's `healthOf`, computed from the index's `PassportSet` and last `ConditionReported` events with
 * the SDK's copy of the formula): one query for the whole stock rather than a chain read per battery.
 *
 * @example
 * await queryHeldBatteryHealth(db, stationUnit(1))
 * // [{ id: 3, status: 'InService', passport: true, sohPermille: 912 }, { id: 5, status: 'InService', passport: false, sohPermille: null }]
 */
export async function queryHeldBatteryHealth(db: Kysely<IndexTables>, holder: number): Promise<HeldBatteryHealth[]> {
  const held = await db.selectFrom('batteries').select(['id', 'status']).where('holder', '=', holder).orderBy('id').execute()
  if (held.length === 0) return []
  // The last of each kind per battery: a passport is set once, but readings pile up with every charge.
  const rows = await db
    .selectFrom('battery_events as h')
    .innerJoin('batteries as b', 'b.id', 'h.battery_id')
    .innerJoin('events as e', (j) => j.onRef('e.block', '=', 'h.block').onRef('e.log_index', '=', 'h.log_index'))
    .distinctOn(['h.battery_id', 'e.event'])
    .selectAll('e')
    .select('h.battery_id')
    .where('b.holder', '=', holder)
    .where('e.event', 'in', ['PassportSet', 'ConditionReported'])
    .orderBy('h.battery_id')
    .orderBy('e.event')
    .orderBy('h.block', 'desc')
    .orderBy('h.log_index', 'desc')
    .execute()
  const passports = new Map<number, PassportInfo>()
  const conditions = new Map<number, ConditionReadingStruct>()
  for (const row of rows) {
    const e = eventFromRow(row)
    if (e.event === 'PassportSet') passports.set(Number(row.battery_id), fromPassportStruct(e.args.info as PassportInfoStruct))
    else conditions.set(Number(row.battery_id), e.args.condition as ConditionReadingStruct)
  }
  return held.map((b) => {
    const id = Number(b.id)
    const passport = passports.get(id)
    const condition = conditions.get(id)
    const soh = passport && condition ? batteryHealth(passport, fromConditionStruct(condition)).stateOfCertifiedEnergyPermille : null
    return { id, status: b.status as HeldBatteryHealth['status'], passport: passport !== undefined, sohPermille: soh }
  })
}
