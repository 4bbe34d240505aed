import type { PublicClient } from 'viem'
import { batteryInterfaceAbi } from '../../sdk/abi/batteryInterface.js'
import type { Deployment } from '../../sdk/deployment.js'

/** A battery held for an EV: nobody else may take or hold it before `until` (unix seconds). */
export type RunningHold = { batteryId: number; evUnit: number; until: number; fee: string }

/**
 * The holds still running on `batteryIds`, read from the contract (the authority: a hold ends by time, with
 * no event, so an index of events alone would keep offering an expired hold as running).
 *
 * @example
 * await readRunningHolds(publicClient, deployment, [3, 4], Date.now() / 1000) // [{ batteryId: 3, evUnit: 1, ... }]
 */
export async function readRunningHolds(client: PublicClient, d: Pick<Deployment, 'batteryInterface'>, batteryIds: readonly number[], nowSeconds: number): Promise<RunningHold[]> {
  const holds = await Promise.all(
    batteryIds.map(async (batteryId) => ({
      batteryId,
      h: await client.readContract({ address: d.batteryInterface, abi: batteryInterfaceAbi, functionName: 'holdOf', args: [batteryId] }),
    })),
  )
  return holds
    .filter(({ h }) => Number(h.until) > nowSeconds)
    .map(({ batteryId, h }) => ({ batteryId, evUnit: h.evUnit, until: Number(h.until), fee: h.fee.toString() }))
}
