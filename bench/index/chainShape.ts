/** How the benchmark's chain is laid out for a target number of contract events. */
export type ChainShape = {
  /** Contract events to reach (the build stops at the first block that reaches it). */
  events: number
  evs: number
  stations: number
  /** Batteries each station registers at the start (besides the one each EV brings). */
  batteriesPerStation: number
  /** Signed requests in one station's `executeBatch` transaction. */
  requestsPerBatch: number
  /** Stations whose relays send a batch in one block. */
  stationsPerBlock: number
  /** The history's block timestamps run over this many days, ending when the build started. */
  days: number
}

/**
 * The population for N events, so that each account's history looks like a busy network's and not like a
 * handful of accounts with enormous ledgers: about one EV per 200 events (50 to 5000), one station per 250
 * EVs (2 to 20), a station stock of a third of its EVs plus spares. Blocks carry a few stations' batches
 * (as each station's relay batches its own devices' requests), so a million events make ~10 000 blocks
 * a minute apart over a week: swaps by day then has seven days per station.
 *
 * @example
 * chainShape(1_000_000) // { evs: 5000, stations: 20, batteriesPerStation: 90, ... }
 */
export function chainShape(events: number): ChainShape {
  const evs = Math.max(50, Math.min(5000, Math.round(events / 200)))
  const stations = Math.max(2, Math.min(20, Math.round(evs / 250)))
  return {
    events,
    evs,
    stations,
    batteriesPerStation: Math.ceil(evs / stations / 3) + 8,
    requestsPerBatch: 15,
    stationsPerBlock: Math.min(2, stations),
    days: 7,
  }
}
