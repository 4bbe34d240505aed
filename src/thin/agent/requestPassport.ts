import type { LocalAccount } from 'viem'
import { passportRequestDomain, passportRequestTypes } from '../../passport/passportRequestTypes.js'
import type { Deployment } from '../../sdk/deployment.js'
import type { StationClient, StationResponse } from './createStationClient.js'

/** How long a signed passport request stays valid: long enough to reach a station, short enough to be no credential. */
const REQUEST_TTL_SECONDS = 300

/**
 * A battery's passport from the device's station: the public tier as is, the legitimate-interest tier with a
 * request the device signs (EIP-712) with its own key, which the station accepts when this device's account
 * owns the battery, is the station holding it, or is a super account.
 *
 * @example
 * const r = await requestPassport({ station, account, deployment }, 3, 'legitimate')
 */
export async function requestPassport(
  o: { station: StationClient; account: LocalAccount; deployment: Pick<Deployment, 'chainId' | 'batteryInterface'> },
  batteryId: number,
  tier: 'public' | 'legitimate',
): Promise<StationResponse<unknown>> {
  const path = `/api/batteries/${batteryId}/passport`
  if (tier === 'public') return o.station.request('GET', path)
  const expires = Math.floor(Date.now() / 1000) + REQUEST_TTL_SECONDS
  const signature = await o.account.signTypedData({
    domain: passportRequestDomain(o.deployment.chainId, o.deployment.batteryInterface),
    types: passportRequestTypes,
    primaryType: 'PassportRequest',
    message: { batteryId, tier, expires: BigInt(expires) },
  })
  return o.station.request('GET', `${path}?tier=legitimate&expires=${expires}&signature=${signature}`)
}
