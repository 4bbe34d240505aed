import { EvswapError } from '../../sdk/errors/EvswapError.js'

/**
 * A station the device refused to talk to because of its TLS (or lack of it): the certificate is not
 * signed by the configured CA, is not the pinned one, names another host, has expired, or the station
 * speaks plain HTTP where TLS is configured. `reason` and `fix` are written for the person who set the
 * device up; the station client prefixes "station N at URL: ".
 *
 * @example
 * throw new StationTrustError('its certificate expired on Jan 1 2026', "ask the station's operator to renew it")
 */
export class StationTrustError extends EvswapError {
  constructor(
    readonly reason: string,
    readonly fix: string,
  ) {
    super(`${reason}; ${fix}`, { code: 'STATION_TLS' })
  }
}
