import type { PublicClient } from 'viem'
import type { Deployment } from '../../../sdk/deployment.js'
import { wearOf } from '../../../sdk/passport/wearOf.js'
import { batteryPrice } from '../../../sdk/pricing/batteryPrice.js'
import type { BatteryState } from '../../../sdk/reads/types.js'
import { batteryRecordSlots } from '../../../sdk/slots/batteryRecordSlots.js'
import { decodeBatteryRecord } from '../../../sdk/slots/decodeBatteryRecord.js'
import { CONFIG_SLOT, decodeEnergyPrice } from '../../../sdk/slots/decodeEnergyPrice.js'
import { toHexSlot } from '../../../sdk/slots/toHexSlot.js'
import { staticHash } from '../../../sdk/staticInfo.js'
import type { BlockRef } from './BlockRef.js'
import { getProofAt } from './getProofAt.js'

/**
 * What of battery `id` can change, as `block`'s state holds it: read from the storage words a device proves
 * (the battery's record, the energy price) and priced by the contract's formula at the block's time, so the
 * station claims exactly what the device's proof at that block will show. `null` when no battery has this id.
 *
 * @example
 * const state = await readBatteryStateAt(client, deployment, 7, await readBlockRef(client, 'latest'))
 */
export async function readBatteryStateAt(client: PublicClient, d: Pick<Deployment, 'batteryProcess' | 'batteryInterface'>, id: number, block: BlockRef): Promise<BatteryState | null> {
  const [record, config] = await Promise.all([
    getProofAt(client, d.batteryProcess, batteryRecordSlots(id).map(toHexSlot), block),
    getProofAt(client, d.batteryInterface, [toHexSlot(CONFIG_SLOT)], block),
  ])
  const decoded = decodeBatteryRecord(record.storageProof.map((s) => BigInt(s.value)))
  if (!decoded) return null
  const price = batteryPrice(decoded.staticInfo, decoded.dynamicInfo, decodeEnergyPrice(BigInt(config.storageProof[0]!.value)), block.timestamp, wearOf(decoded))
  return { id, dynamicInfo: decoded.dynamicInfo, staticHash: staticHash(decoded.staticInfo), price }
}
