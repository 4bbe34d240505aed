/**
 * The tables of a station's index, as Kysely sees them. Numbers that can outgrow 2^53 (E-coin amounts,
 * which are uint256 on chain) are `numeric` and travel as strings; block numbers and ids are `int8`, which
 * the two engines hand back as strings or numbers, so readers pass them through `Number`.
 */
export type IndexTables = {
  /** Small facts: the deployment the index belongs to, the indexed head, the treasury. */
  meta: { key: string; value: string }
  /** The newest blocks, each with what undoes it (undoable ones only; older blocks are final). */
  blocks: { number: Int8; hash: string; undo: string }
  /** Every contract event, raw: decoded when read, so arguments come back with their ABI types. */
  events: { block: Int8; log_index: number; tx_hash: string; address: string; topics: string; data: string; event: string; time: Int8 | null }
  /** Which events concern which battery (its history), by the event's key. */
  battery_events: { battery_id: Int8; block: Int8; log_index: number }
  accounts: { address: string; role: string; unit: Int8; suspended: boolean }
  balances: { address: string; balance: Numeric }
  supers: { address: string }
  batteries: { id: Int8; owner: string; holder: Int8; status: string; tag: string; registered_block: Int8 }
  swaps: {
    id: Int8
    ev_owner: string
    ev_unit: Int8
    station_unit: Int8
    ev_battery_id: Int8
    station_battery_id: Int8
    status: string
    difference: Numeric
    fee: Numeric
    requested_block: Int8
    /** Unix seconds; what "by day" groups on. */
    requested_time: Int8
    decided_block: Int8 | null
  }
  ledger: {
    account: string
    block: Int8
    log_index: number
    tx_hash: string
    kind: string
    amount: Numeric
    counterparty: string
    cause_event: string | null
    swap_id: Int8 | null
    battery_id: Int8 | null
    balance_after: Numeric
    time: Int8 | null
  }
}

/** An int8 column: written as a number, read as a number or a string depending on the engine. */
export type Int8 = number | string
/** A numeric column: written and read as a decimal string. */
export type Numeric = string
