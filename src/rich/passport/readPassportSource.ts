import type { PublicClient } from 'viem'
import type { PassportSource } from '../../passport/PassportSource.js'
import type { Deployment } from '../../sdk/deployment.js'
import { getPassport } from '../../sdk/reads/getPassport.js'
import type { BatteryView } from '../../sdk/reads/types.js'
import { describeUnit } from '../../sdk/units.js'
import type { IndexReader } from '../store/createIndexReader.js'

/**
 * What a battery's passport is built from: its record (the station's battery view, read from the contracts)
 * and its passport and last condition from the contracts (the authority), its registration tag and every
 * earlier condition reading from the station's index. Null when no battery has this id.
 *
 * @example
 * const source = await readPassportSource({ publicClient, deployment, index, readBatteryCached }, 3, 'https://station-1:8545/#passport=3')
 */
export async function readPassportSource(
  ctx: { publicClient: PublicClient; deployment: Deployment; index: Pick<IndexReader, 'tagOf' | 'conditionHistory'>; readBatteryCached(id: number): Promise<BatteryView | null> },
  id: number,
  publicUrl: string,
): Promise<PassportSource | null> {
  const b = await ctx.readBatteryCached(id)
  if (!b) return null
  const [passport, tag, history] = await Promise.all([getPassport(ctx.publicClient, ctx.deployment, id), ctx.index.tagOf(id), ctx.index.conditionHistory(id)])
  const d = b.dynamicInfo
  const s = b.staticInfo
  const counts = (c: (typeof history.readings)[number]['condition']) => {
    const kinds = [c.deepDischargeEvents, c.overchargeEvents, c.overTemperatureEvents].filter((n): n is number => n !== null)
    return kinds.length ? kinds.reduce((a, n) => a + n, 0) : null
  }
  return {
    batteryId: id,
    tag: tag ?? null,
    staticInfo: {
      brand: s.brand,
      manufactureYear: s.manufactureYear,
      manufactureMonth: s.manufactureMonth,
      maxChargingCount: s.maxChargingCount,
      maxDischargingCount: s.maxDischargingCount,
      maxChargingTotalTime: s.maxChargingTotalTime,
      maxDischargingTotalTime: s.maxDischargingTotalTime,
      maxYearLimited: s.maxYearLimited,
    },
    dynamicInfo: {
      owner: d.owner,
      holderName: describeUnit(d.holder),
      status: d.status === 'None' ? 'InService' : d.status,
      socPermille: d.socPermille,
      energyWh: d.energyWh,
      chargingCount: d.chargingCount,
      dischargingCount: d.dischargingCount,
      chargingTotalTime: d.chargingTotalTime,
      dischargingTotalTime: d.dischargingTotalTime,
    },
    passport: passport.info,
    lifeStatus: passport.lifeStatus,
    condition: passport.condition,
    history: history.readings.flatMap((r) =>
      r.health.stateOfCertifiedEnergyPermille === null
        ? []
        : [{ at: r.at, stateOfCertifiedEnergyPermille: r.health.stateOfCertifiedEnergyPermille, fullCyclesMilli: r.health.fullCyclesMilli, negativeEvents: counts(r.condition) }],
    ),
    publicUrl,
  }
}
