import type { Address } from 'viem'
import type { StationClient } from '../agent/createStationClient.js'
import { acceptHeaderQuorum, type HeaderQuorum } from './acceptHeaderQuorum.js'
import type { AcceptedHeader } from './AcceptedHeader.js'
import type { DecodedHeader } from './DecodedHeader.js'
import { fetchHeaders, type FetchedHeaders } from './fetchHeaders.js'
import { followCheckpoint } from './followCheckpoint.js'
import { HeaderQuorumError } from './HeaderQuorumError.js'
import { linkBackTo, MAX_LINK_BACK } from './linkBackTo.js'
import type { PinnedChain } from './PinnedChain.js'
import { quorumSize } from './quorumSize.js'
import { sealedOnBothSides } from './sealedOnBothSides.js'
import { startCheckClock, type CheckTime } from './startCheckClock.js'
import { StationLiedError } from './StationLiedError.js'

/** Most headers kept in memory after the accepted one. */
const MAX_TAIL = 64
/** Most starts tried, newest first, for a block with a quorum on it. */
const MAX_TRIES = 4

export type HeaderFollower = {
  /** Fetches what is new since the last call and accepts the newest block it can; undefined while none is. */
  advance(): Promise<AcceptedHeader | undefined>
  /** The signer set followed so far and the checkpoint it comes from. */
  signers(): { signers: readonly Address[]; since: bigint } | null
}

/**
 * The device's view of the chain's head, kept in memory: the last accepted header, the headers seen after
 * it (so the next call asks only for newer ones) and the Clique signer set, followed through checkpoint
 * headers. Far behind, it fetches each checkpoint on the way (floor(N/2)+1 headers each) and the newest
 * window, not every header. Without Clique (anvil) the newest header is accepted as the single node's word,
 * its reorganizations too; only its hash is the device's own.
 *
 * @example
 * const follower = createHeaderFollower({ station, pinned, count: (n) => (bytes += n) })
 * const newest = await follower.advance()
 */
export function createHeaderFollower(opts: {
  station: StationClient
  pinned: PinnedChain
  /** Adds what following cost: bytes of JSON fetched, and the time spent decoding headers and recovering seals. */
  count: (bytes: number, check: CheckTime) => void
  log?: (line: string) => void
}): HeaderFollower {
  const { station, pinned, count, log } = opts
  const clique = pinned.clique
  let signers: readonly Address[] = clique?.signers ?? []
  let since = BigInt(clique?.signersBlock ?? 0)
  let accepted: AcceptedHeader | undefined
  /** The newest headers seen, linked, the accepted one among them. */
  let tail: DecodedHeader[] = []
  /**
   * The tail as it was when the chain moved away from it since the last accepted block: the next accepted
   * block is checked to build on it, and, in a fork, these headers are what the device saw of the losing side.
   */
  let moved: DecodedHeader[] | undefined

  const window = () => (clique ? quorumSize(signers.length) : 1)
  const fetch = async (query: { from?: bigint; count: number }): Promise<FetchedHeaders> => {
    const r = await fetchHeaders(station, query)
    count(r.bytes, r.check)
    return r
  }
  /** What a check of seals costs: it awaits nothing but the curve's module, loaded once, so nothing else runs meanwhile. */
  const timed = async <T>(check: () => Promise<T>): Promise<T> => {
    const stop = startCheckClock()
    try {
      return await check()
    } finally {
      count(0, stop())
    }
  }
  const lied = (at: string, e: unknown) =>
    e instanceof HeaderQuorumError ? new StationLiedError({ station: at, claim: `its headers do not hold: ${e.message}`, cause: e }) : e

  /** Follows every checkpoint up to block `upTo`: a quorum of the old set must have built on each. */
  async function followCheckpoints(upTo: bigint): Promise<boolean> {
    if (!clique) return false
    let changed = false
    for (let c = (since / BigInt(clique.epoch) + 1n) * BigInt(clique.epoch); c <= upTo; c += BigInt(clique.epoch)) {
      const r = await fetch({ from: c, count: window() })
      try {
        const next = await timed(() => followCheckpoint(r.headers, signers, clique.epoch))
        log?.(`signer set from checkpoint ${c}: ${next.join(', ')}`)
        changed ||= next.length !== signers.length || next.some((s) => !signers.includes(s))
        signers = next
        since = c
      } catch (e) {
        throw lied(r.station, e)
      }
    }
    return changed
  }

  /** The newest block with a quorum on it in `run` (linked headers), from the newest start backwards. */
  async function acceptNewest(run: DecodedHeader[], at: string): Promise<{ quorum: HeaderQuorum; index: number } | undefined> {
    // On a real chain any floor(N/2)+1 consecutive blocks have as many distinct sealers, so the newest window
    // is accepted at once; a few older starts cover a run cut short, and the bound keeps a run forged by a
    // few keys from costing the device a recovery per header per start.
    for (let i = run.length - window(), tries = 0; i >= 0 && tries < MAX_TRIES; i--, tries++) {
      try {
        return { quorum: await timed(() => acceptHeaderQuorum(run.slice(i), { signers })), index: i }
      } catch (e) {
        if (!(e instanceof HeaderQuorumError && e.reason === 'short')) throw lied(at, e)
      }
    }
    return undefined
  }

  /** The headers to accept from: the tail and what follows it, or the newest window (noting when the chain moved away from the tail). */
  async function newRun(): Promise<FetchedHeaders> {
    const last = tail[tail.length - 1]
    if (last) {
      const r = await fetch({ from: last.number + 1n, count: window() })
      const first = r.headers[0]
      // Caught up: the new headers extend the tail.
      if (!first) return { ...r, headers: tail }
      if (first.parentHash === last.hash) {
        if (r.headers[r.headers.length - 1]!.number >= r.head) return { ...r, headers: [...tail, ...r.headers] }
      } else {
        // The chain moved away from the tail: its unaccepted tip was replaced, or, in a fork of the network,
        // the accepted block itself. The newest window decides; advance() follows it only with a quorum on it.
        moved ??= tail
      }
    }
    const r = await fetch({ count: window() })
    const start = r.headers[0]?.number ?? 0n
    if (await followCheckpoints(start)) return fetch({ count: window() })
    return r
  }

  /**
   * Whether the newly accepted block (`run[index]`) is `accepted` or built on it: the run itself may reach
   * back to it, else the station's headers from it up to the new block must link.
   */
  async function buildsOn(run: DecodedHeader[], index: number, old: AcceptedHeader, at: string): Promise<boolean> {
    const inRun = run.find((h) => h.number === old.number)
    if (inRun) return inRun.hash === old.hash
    const header = run[index]!
    if (header.number - old.number > MAX_LINK_BACK) return true
    try {
      return (await linkBackTo(station, header, old.number, count)).hash === old.hash
    } catch (e) {
      throw e instanceof StationLiedError ? e : lied(at, e)
    }
  }

  /**
   * A quorum of signers built a chain past a block the device had accepted, without it: two chains each
   * with a quorum, which one station's key cannot make. It is a fork of the network itself, as when one
   * signer key seals on two machines cut off from each other; the network settles on one side, and the
   * device follows the chain its stations now serve. What it had proven on the other side is proven again
   * where it acts on it (its outbox entries were settled by their nonces, which the stations' relays send
   * again when a reorganization undoes them).
   */
  async function reportFork(old: AcceptedHeader, now: HeaderQuorum, lost: DecodedHeader[]): Promise<void> {
    const both = await evidenceOfOneKeyOnBothSides(lost)
    log?.(
      `the network forked: block ${old.number} (${old.hash}), which signers ${old.sealers.join(', ')} had built on, is not on the chain the stations serve now, ` +
        `where signers ${now.sealers.join(', ')} built on block ${now.header.number}; following that chain` +
        (both.length ? `; ${both.join(', ')} sealed on both sides through the same seconds: one key on two machines` : ''),
    )
  }

  /** Who sealed on both sides, from the current chain's headers at the heights of the losing side's the device holds. */
  async function evidenceOfOneKeyOnBothSides(lost: DecodedHeader[]): Promise<Address[]> {
    const first = lost[0]
    if (!first) return []
    const won = await fetch({ from: first.number, count: lost.length })
    return timed(() => sealedOnBothSides(lost, won.headers))
  }

  /**
   * Without Clique the single node's newest header is the head, whatever it was before: that node is all
   * there is to trust, and its own reorganizations (anvil's `evm_revert`, a restart from an older state)
   * are its to make. The header's hash is still the device's own keccak of its bytes.
   */
  async function advanceSingleNode(): Promise<AcceptedHeader | undefined> {
    const { headers } = await fetch({ count: 1 })
    const header = headers[0]
    if (!header) return accepted
    if (accepted && header.number < accepted.number) log?.(`the single node's head went back from block ${accepted.number} to ${header.number}: following it`)
    // The first block only: a line per block would bury everything else a device logs.
    else if (!accepted) log?.(`accepted block ${header.number} (the single node's header)`)
    accepted = { number: header.number, hash: header.hash, parentHash: header.parentHash, stateRoot: header.stateRoot, timestamp: header.timestamp, sealers: [], trust: 'single-node' }
    return accepted
  }

  async function advance(): Promise<AcceptedHeader | undefined> {
    if (!clique) return advanceSingleNode()
    const r = await newRun()
    const found = await acceptNewest(r.headers, r.station)
    if (!found) {
      // Not accepted yet: keep what was fetched, so the next call asks only for what comes after it.
      if (r.headers.length) tail = r.headers.slice(-MAX_TAIL)
      return accepted
    }
    const { header, sealers } = found.quorum
    // Lower than the accepted block on the same chain: nothing new yet. After the chain moved away from the
    // tail, it is the other side of a fork, which may be shorter and still be the one the network settled on.
    if (accepted && header.number < accepted.number && !moved) return accepted
    if (clique && header.number >= (since / BigInt(clique.epoch) + 1n) * BigInt(clique.epoch)) {
      // The block lies past a checkpoint not followed yet: follow it, then accept again under its set.
      await followCheckpoints(header.number)
      tail = []
      return advance()
    }
    if (accepted && moved && (header.number < accepted.number || !(await buildsOn(r.headers, found.index, accepted, r.station)))) await reportFork(accepted, found.quorum, moved)
    moved = undefined
    // Headers before the accepted one stay too: after a fork they are what the device saw of the losing side.
    tail = r.headers.slice(-MAX_TAIL)
    if (!accepted) log?.(`accepted block ${header.number} (sealed or built on by ${sealers.length} of ${signers.length} signers)`)
    accepted = { number: header.number, hash: header.hash, parentHash: header.parentHash, stateRoot: header.stateRoot, timestamp: header.timestamp, sealers, trust: clique ? 'quorum' : 'single-node' }
    return accepted
  }

  /** The advance in flight: the device reads from several stages at once, and they share one, since two at once would both append the same new headers to the tail. */
  let advancing: Promise<AcceptedHeader | undefined> | undefined
  const advanceOnce = () => (advancing ??= advance().finally(() => (advancing = undefined)))

  return { signers: () => (clique ? { signers, since } : null), advance: advanceOnce }
}
