import type { Reading } from '../consistency/Reading.js'

/** One battery on the station's charger, as the GUI and the station listing see it. Energy in Wh, power in W, times in model seconds. */
export type ChargeSession = {
  batteryId: number
  /** The power the operator asked for (the charger's rating, or a lower rate). */
  requestedW: number
  /** The power it gets now: its share of the station limit, lowered above 80 % SOC (the constant-voltage taper). */
  powerW: number
  /** The energy the battery holds when full (see fullEnergyOf). */
  fullWh: number
  startWh: number
  energyWh: number
  socPermille: number
  /** Model seconds since the charge started (real time times the speed-up). */
  elapsedS: number
  /** Model seconds until full at the power it gets now; 0 once full, -1 while it gets no power. */
  secondsLeft: number
  /**
   * charging: rising; sending: ended (full or stopped), its one counted charge on its way to the chain;
   * done: on chain; failed: the chain refused it (`problem` says why).
   */
  state: 'charging' | 'sending' | 'done' | 'failed'
  /** Why the last reading or the charge itself did not reach the chain, as a sentence. */
  problem?: string
}

/** What the charger keeps of a session beyond what it shows: the reading it started from, and its model clock. */
export type SessionState = ChargeSession & {
  /** The file's reading at the start: counts and total times stay as they were until the charge is counted. */
  start: Reading
  /**
   * The last reading written into the battery's file (set before the write); with `start`, what explains the
   * file to the consistency check. Undefined once the file follows the chain again.
   */
  written?: Reading
  /** Model second of the last reading sent to the chain. */
  reportedAtS: number
  reporting: boolean
}
