import type { StationClient } from '../agent/createStationClient.js'
import { createProvenReader, type ProvenReader } from './createProvenReader.js'
import { HeaderQuorumError } from './HeaderQuorumError.js'
import type { PinnedChain } from './PinnedChain.js'

/**
 * The device's proven reader, made on first use from the pin (which exists only once the first station was
 * vetted, by the identity stage's first request at start). The signer set it follows past the pinned one is
 * written back to the pin, so a restarted device does not follow the same checkpoints again. A station that shows no block a majority of the signers built on within the wait is
 * left for a while, so the next read asks another: it may be cut off from the signers, or hiding them.
 *
 * @example
 * const prover = createPinnedProvenReader({ station, pinned: pin.pinned, log })
 */
export function createPinnedProvenReader(opts: {
  station: StationClient
  pinned: () => PinnedChain
  /** Records a signer set followed past the pinned one, so a restarted device starts from it. */
  updateSigners?: (clique: NonNullable<PinnedChain['clique']>) => void
  log?: (line: string) => void
}): ProvenReader {
  let inner: ProvenReader | undefined
  async function leaveStalled<T>(read: (reader: ProvenReader) => Promise<T>): Promise<T> {
    inner ??= createProvenReader({ station: opts.station, pinned: opts.pinned(), ...(opts.log ? { log: opts.log } : {}) })
    const at = opts.station.current()
    try {
      const result = await read(inner)
      recordSigners()
      return result
    } catch (e) {
      if (e instanceof HeaderQuorumError && e.reason === 'short') opts.station.distrust(at, `it showed no block a majority of the signers built on (${e.shortMessage})`)
      throw e
    }
  }
  function recordSigners(): void {
    const followed = inner?.signers()
    const pinned = opts.pinned().clique
    if (!followed || !pinned || followed.since <= BigInt(pinned.signersBlock)) return
    opts.updateSigners?.({ epoch: pinned.epoch, signers: [...followed.signers], signersBlock: Number(followed.since) })
  }

  return {
    acceptedHeader: (o) => leaveStalled((r) => r.acceptedHeader(o)),
    readSlots: (address, slots, o) => leaveStalled((r) => r.readSlots(address, slots, o)),
    headerAt: (n, o) => leaveStalled((r) => r.headerAt(n, o)),
    bytesFetched: () => inner?.bytesFetched() ?? 0,
    checkTime: () => inner?.checkTime() ?? { wallMs: 0, cpuMs: 0 },
    signers: () => inner?.signers() ?? null,
  }
}
