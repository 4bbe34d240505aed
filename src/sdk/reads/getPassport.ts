import type { PublicClient } from 'viem'
import { batteryProcessAbi } from '../abi/batteryProcess.js'
import type { Deployment } from '../deployment.js'
import { fromConditionStruct, fromPassportStruct, lifeStatusNames } from '../passport/passportStructs.js'
import type { BatteryHealth, ConditionReading, LifeStatus, PassportInfo } from '../passport/passportTypes.js'

/** A battery's passport on chain: null properties and condition for a battery registered without one. */
export type PassportView = {
  info: PassportInfo | null
  /** The last condition reading, its health, and its block time (unix seconds). */
  condition: (ConditionReading & BatteryHealth & { at: number }) | null
  lifeStatus: LifeStatus
}

/**
 * Reads a battery's passport properties, last condition, the health the contract derives from it, and its
 * life status (`waste` once recycled).
 *
 * @throws when no battery has this id (the contract's BatteryProcessUnknownBattery)
 * @example
 * const { info, condition } = await getPassport(client, deployment, 3)
 */
export async function getPassport(client: PublicClient, d: Pick<Deployment, 'batteryProcess'>, id: number): Promise<PassportView> {
  const [info, condition, health, status] = await client.readContract({ address: d.batteryProcess, abi: batteryProcessAbi, functionName: 'passportOf', args: [id] })
  const reading = fromConditionStruct(condition)
  return {
    info: info.certifiedUsableEnergyWh === 0 ? null : fromPassportStruct(info),
    condition: health.at > 0
      ? {
          ...reading,
          stateOfCertifiedEnergyPermille: health.reported ? health.stateOfCertifiedEnergyPermille : null,
          fullCyclesMilli: reading.energyThroughputWh === null ? null : Number(health.fullCyclesMilli),
          capacityFadePermille: reading.remainingCapacityMAh === null ? null : health.capacityFadePermille,
          exhausted: health.exhausted,
          at: health.at,
        }
      : null,
    lifeStatus: lifeStatusNames[status] ?? 'original',
  }
}
