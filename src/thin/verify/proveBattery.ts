import type { Deployment } from '../../sdk/deployment.js'
import { wearOf } from '../../sdk/passport/wearOf.js'
import { batteryPrice } from '../../sdk/pricing/batteryPrice.js'
import type { BatteryView } from '../../sdk/reads/types.js'
import { CONFIG_SLOT, decodeEnergyPrice } from '../../sdk/slots/decodeEnergyPrice.js'
import { toHexSlot } from '../../sdk/slots/toHexSlot.js'
import { staticHash } from '../../sdk/staticInfo.js'
import type { AcceptedHeader, ProvenReader } from './createProvenReader.js'
import { proveBatteryRecord } from './proveBatteryRecord.js'

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
  const decoded = await proveBatteryRecord(prover, d, id, header)
  if (!decoded) return { view: null, header }
  const config = await prover.readSlots(d.batteryInterface, [toHexSlot(CONFIG_SLOT)], { at: header })
  const price = batteryPrice(decoded.staticInfo, decoded.dynamicInfo, decodeEnergyPrice(config.values[0]!), header.timestamp, wearOf(decoded))
  return { view: { id, staticInfo: decoded.staticInfo, dynamicInfo: decoded.dynamicInfo, staticHash: staticHash(decoded.staticInfo), price }, header }
}
