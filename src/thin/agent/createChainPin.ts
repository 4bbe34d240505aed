import { join } from 'node:path'
import { EvswapError } from '../../sdk/errors/EvswapError.js'
import { assertStationMatchesPin } from '../pin/assertStationMatchesPin.js'
import { loadPinnedChain, PINNED_CHAIN_FILE } from '../pin/loadPinnedChain.js'
import { pinFromConfig } from '../pin/pinFromConfig.js'
import { readStationConfig } from '../pin/readStationConfig.js'
import { shortHex } from '../pin/shortHex.js'
import { StationRefusedError } from '../pin/StationRefusedError.js'
import { writePinnedChain } from '../pin/writePinnedChain.js'
import type { PinnedChain } from '../verify/PinnedChain.js'

export type ChainPin = {
  /** The pin: read at start, or made at enrolment by the first station vetted; undefined until then. */
  current(): PinnedChain | undefined
  /** The pin, or an error when no station has been vetted yet (a stage asked before the agent started). */
  pinned(): PinnedChain
  /**
   * Checks a station's `/api/config` answer against the pin; on a device not yet enrolled, pins it first.
   * Answers the sentence that refuses the station, or undefined when it is accepted.
   */
  vet(config: unknown, stationLabel: string): string | undefined
  /**
   * Records the Clique signer set the header verification has followed to: the one part of the pin that
   * moves, and only forward. The chain and the deployment change only by a re-pin.
   */
  updateSigners(clique: NonNullable<PinnedChain['clique']>): void
}

/**
 * The agent's pin stage: which chain and contracts this device was enrolled on, in `<dir>/pinned.json`. It
 * owns the pin; the station client asks it about every station it moves to before using it, and the
 * identity stage takes the deployment from it, so no station's word on the deployment is taken after
 * enrolment.
 *
 * @example
 * const pin = createChainPin({ dir, log })
 * const station = createStationClient(urls, { vet: pin.vet })
 */
export function createChainPin(o: { dir: string; log?: (line: string) => void }): ChainPin {
  let pinned = loadPinnedChain(o.dir)
  const log = o.log ?? (() => {})
  return {
    current: () => pinned,
    pinned() {
      if (!pinned) throw new EvswapError('the agent has not started', { hint: 'call start() first' })
      return pinned
    },
    updateSigners(clique) {
      const current = pinned?.clique
      if (!pinned || !current) throw new EvswapError('this device has no Clique signer set pinned to update', { hint: 'only a device enrolled on a geth Clique network follows its signers' })
      if (clique.epoch !== current.epoch || clique.signersBlock < current.signersBlock || clique.signers.length === 0) {
        throw new EvswapError(`a signer set at block ${clique.signersBlock} (epoch ${clique.epoch}) cannot replace the pinned one at block ${current.signersBlock} (epoch ${current.epoch})`, { hint: 'the set only moves forward, on the same epoch' })
      }
      const next: PinnedChain = { ...pinned, clique: { epoch: clique.epoch, signers: [...clique.signers], signersBlock: clique.signersBlock } }
      writePinnedChain(o.dir, next)
      pinned = next
    },
    vet(body, stationLabel) {
      try {
        const config = readStationConfig(body, stationLabel)
        if (pinned) {
          assertStationMatchesPin(config, pinned, stationLabel)
          return undefined
        }
        // Enrolment: before anything else is asked of the station, so every later answer is checked against it.
        const fresh = pinFromConfig(config)
        writePinnedChain(o.dir, fresh)
        pinned = fresh
        const sealers = fresh.clique ? `${fresh.clique.signers.length} Clique signer(s) at block ${fresh.clique.signersBlock}` : 'no Clique signers (a single node, whose headers the device trusts)'
        log(`enrolled on chain ${fresh.chainId} (genesis ${shortHex(fresh.genesisHash)}), forwarder ${fresh.deployment.forwarder}, ${sealers}, from ${stationLabel}; pinned in ${join(o.dir, PINNED_CHAIN_FILE)}`)
        return undefined
      } catch (e) {
        if (!(e instanceof StationRefusedError)) throw e
        log(`refused ${e.sentence}`)
        return e.sentence
      }
    },
  }
}
