import type { Deployment } from '../../sdk/deployment.js'
import type { BatteryState, BatteryView } from '../../sdk/reads/types.js'
import type { BatteryReader } from '../agent/BatteryReader.js'
import type { StationClient } from '../agent/createStationClient.js'
import { reviveJson } from '../agent/reviveJson.js'
import { stationError } from '../agent/stationError.js'
import type { ProvenReader } from './createProvenReader.js'
import { ChainMovedError } from './ChainMovedError.js'
import { describeBatteryLie } from './describeBatteryLie.js'
import { StationLiedError } from './StationLiedError.js'
import type { LieRecord } from './createLieRecord.js'
import { proveBattery } from './proveBattery.js'

export type ProvenBatteryReaderOptions = {
  station: StationClient
  prover: ProvenReader
  deployment: () => Pick<Deployment, 'batteryProcess' | 'batteryInterface'>
  lies: Pick<LieRecord, 'caught' | 'honest'>
}

/**
 * Battery reads a device acts on (writes into a battery file, raises or clears an alert by), proven. The
 * station's answer is a claim of one block (`/state`, with its ETag, so an unchanged battery costs a 304
 * and no proof); when it changed, the device proves the battery's storage at that block against the
 * signers' headers and returns what the proof shows, never the claim. A claim the proof refutes is a
 * `station_lied`; the read then throws, so nothing acts on it, and the device moves to its next station.
 *
 * @example
 * const batteries = createProvenBatteryReader({ station, prover, deployment: identity.deployment, lies })
 * const view = await batteries.read(7)
 */
export function createProvenBatteryReader(opts: ProvenBatteryReaderOptions): BatteryReader {
  const { station, prover, lies } = opts
  /** The last proven view of each battery and the ETag of the claim it proved. A device holds a handful. */
  const known = new Map<number, { view: BatteryView | null; etag: string | undefined }>()

  /** One station's claim about battery `id`, proven; a refuted claim throws StationLiedError, recorded. */
  async function readOnce(id: number): Promise<BatteryView | null> {
    const last = known.get(id)
    const path = `/api/batteries/${id}/state`
    const r = await station.request<unknown>('GET', path, undefined, last?.etag === undefined ? {} : { ifNoneMatch: last.etag })
    if (r.status === 304 && last) return last.view
    if (r.status !== 200 && r.status !== 404) throw stationError(r.status, r.body, path)
    const claim = r.status === 200 ? (reviveJson(r.body) as BatteryState & { block?: number; blockHash?: string }) : null
    // A 404 names no block: it is proven at the newest block the signers agree on.
    const at = claim && Number.isSafeInteger(claim.block) ? { at: BigInt(claim.block!) } : {}
    let view: BatteryView | null
    try {
      let header
      ;({ view, header } = await proveBattery(prover, opts.deployment(), id, at))
      // The station read another block of that height: its chain moved since (a reorganization), not a lie.
      if (claim?.blockHash !== undefined && claim.blockHash.toLowerCase() !== header.hash.toLowerCase()) throw new ChainMovedError(header.number, r.station)
      const lie = describeBatteryLie(id, claim, view && { id, dynamicInfo: view.dynamicInfo, staticHash: view.staticHash, price: view.price }, header.number)
      if (lie) throw new StationLiedError({ station: r.station, ...lie })
    } catch (e) {
      if (e instanceof StationLiedError) lies.caught(e)
      throw e
    }
    lies.honest(r.station)
    known.set(id, { view, etag: r.etag })
    return view
  }

  return {
    async read(id) {
      // A station caught lying is left (lies.caught), so the next try asks the next one, in the same check:
      // the device acts on an honest station's proven answer, not on nothing.
      for (let tried = 1; ; tried++) {
        try {
          return await readOnce(id)
        } catch (e) {
          if (!(e instanceof StationLiedError) || tried >= station.stations().length) throw e
        }
      }
    },
  }
}
