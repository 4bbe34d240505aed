import type { LocalAccount } from 'viem'
import type { Deployment } from '../../sdk/deployment.js'
import type { EvswapCall } from '../../sdk/calls/EvswapCall.js'
import { signForwardRequest } from '../../sdk/forwarder/signForwardRequest.js'
import type { SignedForwardRequest } from '../../sdk/forwarder/forwardRequestTypes.js'
import type { StationClient } from './createStationClient.js'
import { stationGet } from './stationGet.js'

export type RequestSignerOptions = {
  account: LocalAccount
  station: StationClient
  /** Read when signing: the agent learns it from the station at start. */
  deployment: () => Deployment
  /** Seconds a signed request stays valid. */
  ttlSeconds: number
}

export type RequestSigner = {
  /** Signs `call` at the next forwarder nonce (the one remembered, or the station's answer). */
  sign(call: EvswapCall): Promise<SignedForwardRequest>
  /** The forwarder used `signed`'s nonce: the next request takes the one after, with no round trip. */
  confirmed(signed: SignedForwardRequest): void
  /** Forgets the remembered nonce (a fork may have undone the request it followed). */
  forget(): void
}

/**
 * The device's signer: EIP-712 forward requests with its own key. It owns the forwarder nonce after the
 * device's last confirmed request: only this device signs its requests, one at a time, so the next one needs
 * no round trip to ask. Taken when used; a wrong guess (another holder of the key, a fork) is answered
 * `replayed` or `nonce_ahead` by the relay, and the pump has the request signed again after `forget`.
 *
 * @example
 * const signer = createRequestSigner({ account, station, deployment: () => deployment, ttlSeconds: 3600 })
 * const signed = await signer.sign(dischargeCall(deployment, args))
 */
export function createRequestSigner(opts: RequestSignerOptions): RequestSigner {
  const { account, station } = opts
  let nextNonce: bigint | undefined
  const chainNonce = async () => BigInt((await stationGet<{ nonce: string }>(station, `/api/nonce/${account.address}`)).nonce)

  return {
    async sign(call) {
      let nonce = nextNonce
      nextNonce = undefined
      nonce ??= await chainNonce()
      return signForwardRequest({ account, deployment: opts.deployment(), call, nonce, deadline: Math.floor(Date.now() / 1000) + opts.ttlSeconds })
    },
    confirmed(signed) {
      nextNonce = BigInt(signed.nonce) + 1n
    },
    forget() {
      nextNonce = undefined
    },
  }
}
