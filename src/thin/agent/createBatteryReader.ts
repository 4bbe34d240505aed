import type { BatteryState, BatteryView } from '../../sdk/reads/types.js'
import type { StationClient } from './createStationClient.js'
import { reviveJson } from './reviveJson.js'
import { stationError } from './stationError.js'

export type BatteryReader = {
  /** The battery as the chain has it now; `null` when no battery has this id. */
  read(id: number): Promise<BatteryView | null>
}

/**
 * Reads batteries from the station for the consistency check, paying as few bytes as the link allows. A
 * device checks its batteries after every operation, USB change, event and GUI refresh, and on a metered
 * link the whole view (~830 bytes with headers) each time was its largest traffic. Static info never changes
 * once registered, so after the first read only the battery's state is asked for (`/state`, about a third
 * smaller), and conditionally: while nothing changed the station answers 304 with no body.
 *
 * @example
 * const batteries = createBatteryReader(station)
 * const view = await batteries.read(7)
 */
export function createBatteryReader(station: StationClient): BatteryReader {
  /** The last view of each battery read, with the ETag of its state. A device holds a handful. */
  const known = new Map<number, { view: BatteryView; etag: string | undefined }>()

  async function readWhole(id: number): Promise<BatteryView | null> {
    const path = `/api/batteries/${id}`
    const r = await station.request<unknown>('GET', path)
    if (r.status === 404) {
      known.delete(id)
      return null
    }
    if (r.status !== 200) throw stationError(r.status, r.body, path)
    const view = reviveJson(r.body) as BatteryView
    // This ETag is of the whole view, not of its state: the first state read carries the state's own.
    known.set(id, { view, etag: undefined })
    return view
  }

  return {
    async read(id) {
      const last = known.get(id)
      if (!last) return readWhole(id)
      const path = `/api/batteries/${id}/state`
      const r = await station.request<unknown>('GET', path, undefined, last.etag === undefined ? {} : { ifNoneMatch: last.etag })
      if (r.status === 304) return last.view
      if (r.status === 200) {
        const state = reviveJson(r.body) as BatteryState
        // A different static hash means the id now names another battery (the chain this view came from
        // was replaced by a fork): the static info held is not its own.
        if (state.staticHash !== last.view.staticHash) return readWhole(id)
        const view: BatteryView = { ...last.view, dynamicInfo: state.dynamicInfo, price: state.price }
        known.set(id, { view, etag: r.etag })
        return view
      }
      // A 404 is either no such battery (after a fork) or a station from before the state route, whose unknown
      // route answers 404 with the same code: the whole view tells which.
      if (r.status === 404) return readWhole(id)
      throw stationError(r.status, r.body, path)
    },
  }
}
