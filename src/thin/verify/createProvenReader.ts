import type { Address, Hex } from 'viem'
import type { StationClient } from '../agent/createStationClient.js'
import type { AcceptedHeader } from './AcceptedHeader.js'
import { createHeaderFollower } from './createHeaderFollower.js'
import { HeaderQuorumError } from './HeaderQuorumError.js'
import type { PinnedChain } from './PinnedChain.js'
import { readProvenSlots } from './readProvenSlots.js'
import type { CheckTime } from './startCheckClock.js'
import { linkBackTo, MAX_LINK_BACK } from './linkBackTo.js'

export type { AcceptedHeader } from './AcceptedHeader.js'

/** Slots of one account proven as of an accepted header; `values[i]` is the value of `slots[i]`. */
export type ProvenSlots = { header: AcceptedHeader; account: { nonce: bigint; balance: bigint; storageRoot: Hex }; values: bigint[] }

export type ProvenReader = {
  /** The newest block this device can accept now (quorum), at least `atLeast` when given; waits (polls the station, bounded by timeoutMs) while the quorum on it is not built yet. */
  acceptedHeader(opts?: { atLeast?: bigint; timeoutMs?: number }): Promise<AcceptedHeader>
  /**
   * Reads `slots` of `address` as of an accepted header (the newest, or at least atLeast) and checks them with eth_getProof against its stateRoot.
   * With `at`, as of that header (one `acceptedHeader` gave), without looking for a newer one: several accounts read at one block.
   */
  readSlots(address: Address, slots: Hex[], opts?: { atLeast?: bigint; timeoutMs?: number; at?: AcceptedHeader }): Promise<ProvenSlots>
  /**
   * The header of block `number` on the accepted chain: once a block at or after it is accepted, the headers
   * back to it, each named by the next one's parentHash. A claim a station made of one block is proven at
   * exactly that block; one over {@link MAX_LINK_BACK} blocks old, at the newest accepted instead.
   */
  headerAt(number: bigint, opts?: { timeoutMs?: number }): Promise<AcceptedHeader>
  /** Bytes of JSON the reader has fetched from stations so far (headers and proofs), before any compression of the link. */
  bytesFetched(): number
  /**
   * What checking what it fetched has cost the device so far (see startCheckClock): decoding and hashing
   * headers, recovering their seals, verifying proofs against a stateRoot. Not the wait for stations, nor
   * parsing their JSON.
   */
  checkTime(): CheckTime
  /** The Clique signer set the device follows now and the checkpoint it comes from; null on anvil. */
  signers(): { signers: readonly Address[]; since: bigint } | null
}

/**
 * What a device reads from the chain without believing its station: block headers accepted only when more
 * than half of the pinned Clique signers have sealed or built on them, and account and storage values
 * checked against an accepted header's stateRoot with eth_getProof. The last accepted header and the signer
 * set live in memory, so each call fetches only what is new. A station caught answering something false
 * makes the call throw {@link StationLiedError}; the device then raises `station_lied` and fails over.
 *
 * @example
 * const reader = createProvenReader({ station, pinned })
 * const { header, values: [nonce] } = await reader.readSlots(deployment.forwarder, [nonceSlot], { atLeast: includedIn })
 */
export function createProvenReader(opts: { station: StationClient; pinned: PinnedChain; log?: (line: string) => void; pollMs?: number }): ProvenReader {
  const { station, pinned, log, pollMs = 250 } = opts
  let bytes = 0
  const checked: CheckTime = { wallMs: 0, cpuMs: 0 }
  const count = (n: number, check: CheckTime) => {
    bytes += n
    checked.wallMs += check.wallMs
    checked.cpuMs += check.cpuMs
  }
  const follower = createHeaderFollower({ station, pinned, count, ...(log ? { log } : {}) })

  async function acceptedHeader(o: { atLeast?: bigint; timeoutMs?: number } = {}): Promise<AcceptedHeader> {
    const deadline = Date.now() + (o.timeoutMs ?? 30_000)
    for (;;) {
      const header = await follower.advance()
      if (header && (o.atLeast === undefined || header.number >= o.atLeast)) return header
      if (Date.now() >= deadline) {
        const want = o.atLeast === undefined ? 'a block' : `block ${o.atLeast}`
        throw new HeaderQuorumError(
          `${want} is not accepted yet: after ${o.timeoutMs ?? 30_000} ms ${header ? `the newest block with a quorum of signers on it is ${header.number}` : 'no block has a quorum of signers on it'}`,
          'short',
        )
      }
      await new Promise((resolve) => setTimeout(resolve, Math.min(pollMs, Math.max(0, deadline - Date.now()))))
    }
  }

  return {
    acceptedHeader,
    async readSlots(address, slots, o = {}) {
      const header = o.at ?? (await acceptedHeader(o))
      const proven = await readProvenSlots(station, header, address, slots)
      count(proven.bytes, proven.check)
      return { header, account: proven.account, values: proven.values }
    },
    async headerAt(number, o = {}) {
      const accepted = await acceptedHeader({ atLeast: number, ...o })
      if (accepted.number === number || accepted.number - number > MAX_LINK_BACK) return accepted
      const h = await linkBackTo(station, accepted, number, count)
      return { number: h.number, hash: h.hash, parentHash: h.parentHash, stateRoot: h.stateRoot, timestamp: h.timestamp, sealers: accepted.sealers, trust: accepted.trust }
    },
    bytesFetched: () => bytes,
    checkTime: () => ({ ...checked }),
    signers: () => follower.signers(),
  }
}
