import type { StationClient } from '../agent/createStationClient.js'
import { createProvenReader, type ProvenReader } from './createProvenReader.js'
import { HeaderQuorumError } from './HeaderQuorumError.js'
import type { PinnedChain } from './PinnedChain.js'

/**
 * The device's proven reader, made on first use from the pin (which exists only once the first station was
 * vetted, by the identity stage's first request at start). A station that shows no block a majority of the signers built on within the wait is
 * left for a while, so the next read asks another: it may be cut off from the signers, or hiding them.
 *
 * @example
 * const prover = createPinnedProvenReader({ station, pinned: pin.pinned, log })
 */
export function createPinnedProvenReader(opts: { station: StationClient; pinned: () => PinnedChain; log?: (line: string) => void }): ProvenReader {
  let inner: ProvenReader | undefined
  const reader = () => inner!
  async function leaveStalled<T>(read: () => Promise<T>): Promise<T> {
    inner ??= createProvenReader({ station: opts.station, pinned: opts.pinned(), ...(opts.log ? { log: opts.log } : {}) })
    const at = opts.station.current()
    try {
      return await read()
    } catch (e) {
      if (e instanceof HeaderQuorumError && e.reason === 'short') opts.station.distrust(at, `it showed no block a majority of the signers built on (${e.shortMessage})`)
      throw e
    }
  }
  return {
    acceptedHeader: (o) => leaveStalled(() => reader().acceptedHeader(o)),
    readSlots: (address, slots, o) => leaveStalled(() => reader().readSlots(address, slots, o)),
    headerAt: (n, o) => leaveStalled(() => reader().headerAt(n, o)),
    bytesFetched: () => inner?.bytesFetched() ?? 0,
    signers: () => inner?.signers() ?? null,
  }
}
