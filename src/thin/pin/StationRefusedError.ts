import { EvswapError } from '../../sdk/errors/EvswapError.js'

/**
 * A station whose `/api/config` disagrees with the device's pin (or does not say what the pin needs). The
 * short message is the sentence a person is shown, naming the station and the field; `field`, `got` and
 * `pinned` are for programs.
 *
 * @example
 * if (e instanceof StationRefusedError && e.field === 'genesisHash') station.refuse(url, e.sentence)
 */
export class StationRefusedError extends EvswapError {
  override name = 'StationRefusedError'
  /** The field that disagrees: `chainId`, `genesisHash`, `deployment.forwarder`, …, or `config` when it is missing. */
  readonly field: string
  readonly got: string | undefined
  readonly pinned: string | undefined
  /** The sentence with what to do next, in one line: what the device logs and shows. */
  readonly sentence: string

  constructor(message: string, o: { field: string; got?: string; pinned?: string; hint: string }) {
    super(message, { hint: o.hint, code: 'STATION_REFUSED' })
    this.field = o.field
    this.got = o.got
    this.pinned = o.pinned
    this.sentence = `${message} — ${o.hint}`
  }
}
