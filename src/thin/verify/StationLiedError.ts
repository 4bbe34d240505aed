import { EvswapError } from '../../sdk/errors/EvswapError.js'

/**
 * A station answered something the device proved false: a proof that does not match the accepted header,
 * a value other than the proven one, a header not sealed by the signer set, or a head that does not link.
 * The device raises a `station_lied` alert from it and fails over. Each field is a sentence.
 *
 * @example
 * throw new StationLiedError({ station: 'https://station-2:7002', claim: 'slot 0x0 of 0x… holds 5 at block 40', proven: 'it holds 4 at block 40' })
 */
export class StationLiedError extends EvswapError {
  override name = 'StationLiedError'
  readonly station: string
  readonly claim: string
  readonly proven: string | undefined

  constructor(fields: { station: string; claim: string; proven?: string; cause?: unknown }) {
    super(`station ${fields.station} lied: ${fields.claim}${fields.proven ? `; proven: ${fields.proven}` : ''}`, {
      code: 'STATION_LIED',
      hint: 'the device keeps its outbox entry and asks another station',
      ...(fields.cause === undefined ? {} : { cause: fields.cause }),
    })
    this.station = fields.station
    this.claim = fields.claim
    this.proven = fields.proven
  }
}
