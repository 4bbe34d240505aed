import type { Deployment } from '../../sdk/deployment.js'
import { batteryRecordSlots } from '../../sdk/slots/batteryRecordSlots.js'
import { decodeBatteryRecord } from '../../sdk/slots/decodeBatteryRecord.js'
import { toHexSlot } from '../../sdk/slots/toHexSlot.js'
import type { AcceptedHeader } from './AcceptedHeader.js'
import type { ProvenReader } from './createProvenReader.js'

/**
 * Battery `id`'s record (static and dynamic info) as a proof against `header` shows it, without its price:
 * what an outcome needs, one account proof fewer than a whole view. `null` when no battery has this id.
 *
 * @example
 * const record = await proveBatteryRecord(prover, deployment, 7, header)
 */
export async function proveBatteryRecord(prover: ProvenReader, d: Pick<Deployment, 'batteryProcess'>, id: number, header: AcceptedHeader): Promise<ReturnType<typeof decodeBatteryRecord>> {
  const record = await prover.readSlots(d.batteryProcess, batteryRecordSlots(id).map(toHexSlot), { at: header })
  return decodeBatteryRecord(record.values)
}
