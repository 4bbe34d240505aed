import type { Hex, PublicClient } from 'viem'
import type { Deployment } from '../../../sdk/deployment.js'
import { batteryPrice } from '../../../sdk/pricing/batteryPrice.js'
import type { BatteryState } from '../../../sdk/reads/types.js'
import { batteryRecordSlots } from '../../../sdk/slots/batteryRecordSlots.js'
import { decodeBatteryRecord } from '../../../sdk/slots/decodeBatteryRecord.js'
import { CONFIG_SLOT, decodeEnergyPrice } from '../../../sdk/slots/decodeEnergyPrice.js'
import { toHexSlot } from '../../../sdk/slots/toHexSlot.js'
import { staticHash } from '../../../sdk/staticInfo.js'
import { getProofAt } from './getProofAt.js'

/**
 * What of battery `id` can change, as block `block`'s state holds it: read from the storage words a device
 * proves (the battery's record, the energy price) and priced by the contract's formula at the block's time,
 * so the station claims exactly what the device's proof at that block will show. `state` is `null` when no
 * battery has this id; `blockHash` names the block read, so that a device proving the claim on a chain that
 * has moved since (a reorganization) can tell that from a lie.
 *
 * @example
 * const state = await readBatteryStateAt(client, deployment, 7, 120n)
 */
export async function readBatteryStateAt(client: PublicClient, d: Pick<Deployment, 'batteryProcess' | 'batteryInterface'>, id: number, block: bigint): Promise<{ state: BatteryState | null; blockHash: Hex }> {
  const [record, config] = await Promise.all([
    getProofAt(client, d.batteryProcess, batteryRecordSlots(id).map(toHexSlot), block),
    getProofAt(client, d.batteryInterface, [toHexSlot(CONFIG_SLOT)], block),
  ])
  const blockHash = record.header.hash
  const decoded = decodeBatteryRecord(record.proof.storageProof.map((s) => BigInt(s.value)))
  if (!decoded) return { state: null, blockHash }
  const price = batteryPrice(decoded.staticInfo, decoded.dynamicInfo, decodeEnergyPrice(BigInt(config.proof.storageProof[0]!.value)), record.header.timestamp)
  return { state: { id, dynamicInfo: decoded.dynamicInfo, staticHash: staticHash(decoded.staticInfo), price }, blockHash }
}
