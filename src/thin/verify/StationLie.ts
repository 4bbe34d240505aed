/** A claim a station made that a proof refuted: what the `station_lied` alert says. */
export type StationLie = {
  /** The station's URL. */
  station: string
  /** What it claimed, as a sentence ("discharge of battery 7 confirmed in block 120"). */
  claim: string
  /** What the proof shows instead ("the forwarder nonce of 0xab…cd is still 4 at block 123"), when it shows a value. */
  proven?: string | undefined
}
