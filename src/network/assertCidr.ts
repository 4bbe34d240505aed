import { isIP } from 'node:net'
import { NetworkError } from './NetworkError.js'

/**
 * Checks that `cidr` is one network in CIDR notation (`10.0.0.0/16`, `fd00::/64`), as geth's
 * `--netrestrict` takes it, so a typo fails here with a sentence rather than in geth's log.
 *
 * @example
 * assertCidr('10.231.0.0/24')
 */
export function assertCidr(cidr: string): void {
  const [address, bits, ...rest] = cidr.split('/')
  const version = isIP(address ?? '')
  const max = version === 6 ? 128 : 32
  const n = Number(bits)
  if (version === 0 || rest.length > 0 || !/^\d+$/.test(bits ?? '') || n > max) {
    throw new NetworkError(`--netrestrict "${cidr}" is not a network in CIDR notation`, { hint: 'give the network your stations share, e.g. 10.0.0.0/16' })
  }
}
