import type { Kysely } from 'kysely'
import { batteryHealth } from '../../../sdk/passport/batteryHealth.js'
import { fromConditionStruct, fromPassportStruct, type ConditionReadingStruct, type PassportInfoStruct } from '../../../sdk/passport/passportStructs.js'
import type { BatteryHealth, ConditionReading, PassportInfo } from '../../../sdk/passport/passportTypes.js'
import { eventFromRow } from '../eventFromRow.js'
import type { IndexTables } from '../IndexTables.js'

/** One condition reading of a battery, its health as the contract computes it, and its block time. */
export type ConditionHistoryEntry = { at: number; block: number; condition: ConditionReading; health: BatteryHealth }

/**
 * A battery's passport properties and every condition reading reported since its registration, oldest
 * first, from the events the index keeps (`PassportSet`, `ConditionReported`). The chain keeps only the last
 * reading; the health of each is computed here with the SDK's copy of the contract's formula.
 *
 * @example
 * const { passport, readings } = await queryConditionHistory(db, 7)
 */
export async function queryConditionHistory(db: Kysely<IndexTables>, batteryId: number): Promise<{ passport: PassportInfo | null; readings: ConditionHistoryEntry[] }> {
  const rows = await db
    .selectFrom('battery_events as h')
    .innerJoin('events as e', (j) => j.onRef('e.block', '=', 'h.block').onRef('e.log_index', '=', 'h.log_index'))
    .selectAll('e')
    .where('h.battery_id', '=', batteryId)
    .where('e.event', 'in', ['PassportSet', 'ConditionReported'])
    .orderBy('h.block', 'asc')
    .orderBy('h.log_index', 'asc')
    .execute()
  let passport: PassportInfo | null = null
  const readings: ConditionHistoryEntry[] = []
  for (const row of rows) {
    const e = eventFromRow(row)
    if (e.event === 'PassportSet') passport = fromPassportStruct(e.args.info as PassportInfoStruct)
    else if (passport) {
      const condition = fromConditionStruct(e.args.condition as ConditionReadingStruct)
      const { wear: _wear, ...health } = batteryHealth(passport, condition)
      readings.push({ at: e.time ?? 0, block: e.blockNumber, condition, health })
    }
  }
  return { passport, readings }
}
