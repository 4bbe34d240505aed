import type { Deployment } from '../../sdk/deployment.js'
import { batteryPrice } from '../../sdk/pricing/batteryPrice.js'
import type { BatteryView } from '../../sdk/reads/types.js'
import { batteryRecordSlots } from '../../sdk/slots/batteryRecordSlots.js'
import { CONFIG_SLOT, decodeEnergyPrice } from '../../sdk/slots/decodeEnergyPrice.js'
import { decodeBatteryRecord } from '../../sdk/slots/decodeBatteryRecord.js'
import { toHexSlot } from '../../sdk/slots/toHexSlot.js'
import { staticHash } from '../../sdk/staticInfo.js'
import type { AcceptedHeader, ProvenReader } from './createProvenReader.js'

/**
 * Battery `id` as proofs against an accepted header show it: its record's words in BatteryProcess and the
 * energy price in BatteryInterface's config, at the same block, priced by the contract's formula at that
 * block's time. `null` when no battery has this id there. `at` asks for one block exactly (a station's
 * claim is of one block), by number or as a header already accepted; without it, the newest accepted.
 *
 * @example
 * const { view, header } = await proveBattery(prover, deployment, 7, { at: 120n })
 */
export async function proveBattery(prover: ProvenReader, d: Pick<Deployment, 'batteryProcess' | 'batteryInterface'>, id: number, at: { at?: bigint | AcceptedHeader } = {}): Promise<{ view: BatteryView | null; header: AcceptedHeader }> {
  const header = typeof at.at === 'bigint' ? await prover.headerAt(at.at) : (at.at ?? (await prover.acceptedHeader()))
  const record = await prover.readSlots(d.batteryProcess, batteryRecordSlots(id).map(toHexSlot), { at: header })
  const config = await prover.readSlots(d.batteryInterface, [toHexSlot(CONFIG_SLOT)], { at: header })
  const decoded = decodeBatteryRecord(record.values)
  if (!decoded) return { view: null, header: record.header }
  const price = batteryPrice(decoded.staticInfo, decoded.dynamicInfo, decodeEnergyPrice(config.values[0]!), record.header.timestamp)
  return { view: { id, ...decoded, staticHash: staticHash(decoded.staticInfo), price }, header: record.header }
}
