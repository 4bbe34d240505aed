import { eventConcerns } from '../../sdk/events/eventConcerns.js'
import type { StationClient } from './createStationClient.js'
import type { ConsistencyChecker } from './createConsistencyChecker.js'
import type { DeviceIdentity } from './createDeviceIdentity.js'
import type { RequestSigner } from './createRequestSigner.js'
import type { UsbGlue } from './createUsbGlue.js'
import type { SettledOperation } from './OutboxPayload.js'
import { eventStreamQuery } from './eventStreamQuery.js'
import { readSse } from './readSse.js'

/** The station's stream sends a heartbeat every 15 s: silence for longer than this means a dead link. */
const EVENT_STREAM_IDLE_MS = 45_000

export type ChainFollowerOptions = {
  station: StationClient
  identity: Pick<DeviceIdentity, 'address' | 'current' | 'refresh'>
  checker: Pick<ConsistencyChecker, 'batteries' | 'batteryIds' | 'checkLogged'>
  /** Before the first check (at start) the files in the slots say which batteries are there. */
  usb: Pick<UsbGlue, 'batteryIds'>
  /** A fork may undo the device's last request: its remembered nonce is forgotten. */
  signer: Pick<RequestSigner, 'forget'>
  log?: (line: string) => void
  /** Stream silence that means a dead link; 45 s unless given. */
  idleTimeoutMs?: number
}

export type ChainFollower = {
  /** Opens the event stream (again), with the filter of now. */
  start(): void
  /** Reopens the stream when its filter no longer matches the batteries and unit of this device. */
  follow(): void
  /** A settled operation of this device: its own events are handled now, and cost no second read later. */
  settled(op: SettledOperation): Promise<void>
  stop(): void
}

const changesIdentity = (e: { event: string }) => e.event === 'AccountRegistered' || e.event.startsWith('Swap') || e.event === 'Transfer'

/**
 * The agent's chain follower: the station's event stream, filtered to this device, turned into consistency
 * checks and account reads. Each (re)connection is followed by a check from chain state, since a stream
 * never replays what happened while none was open; a `removed` event (a fork) makes the device read again
 * what it read since that block. It owns the stream, its filter, and the highest block whose state a check
 * (and an account read) was asked for after that block was known: chain events up to it are covered, so the
 * event of an operation this agent just finished and checked does not cause a second read of the same state.
 *
 * @example
 * const follower = createChainFollower({ station, identity, checker, usb, signer })
 * follower.start()
 */
export function createChainFollower(opts: ChainFollowerOptions): ChainFollower {
  const { station, identity, checker } = opts
  const log = opts.log ?? (() => {})
  let stopped = false
  let sseAbort: AbortController | undefined
  /** The query of the event stream open now (its filter): a new one is opened when the filter changes. */
  let streamQuery: string | undefined
  let checkedThrough = -1
  let identityThrough = -1

  station.onFailover((from, to, reason) => {
    // A request still in flight when the device stopped may fail as its stations stop too: nothing to follow.
    if (stopped) return
    log(`station ${from} failed (${reason}); now using ${to}`)
    restart()
  })

  const queryFor = (ids: readonly number[]) => eventStreamQuery(identity.address, identity.current().unit, ids)
  const concernsMe = (args: Record<string, unknown>) =>
    eventConcerns(args, { account: identity.address, batteries: new Set(checker.batteryIds()), unit: identity.current().unit })

  function restart(): void {
    sseAbort?.abort()
    if (stopped) return
    const abort = new AbortController()
    sseAbort = abort
    const query = queryFor(checker.batteries().length ? checker.batteryIds() : opts.usb.batteryIds())
    streamQuery = query
    readSse(`${station.current()}/api/events?${query}`, onChainEvent, abort.signal, {
      idleTimeoutMs: opts.idleTimeoutMs ?? EVENT_STREAM_IDLE_MS,
      trust: station.trust,
      // Events that happened while no stream was open (before it, between two streams, across a failover)
      // are never replayed: reconcile from the chain's state once the new stream is listening.
      onOpen: () => void reconcile(),
    })
      .catch(() => {})
      .finally(() => {
        // The stream ended (station restarted or gone, or silent too long): reconnect, through failover if need be.
        if (!abort.signal.aborted && !stopped) {
          setTimeout(() => {
            station.request('GET', '/api/health').then(() => restart(), () => restart())
          }, 500).unref()
        }
      })
  }

  /** Reads the account (unless told it is current) and checks every battery against the chain. */
  async function reconcile(refresh = true): Promise<void> {
    if (stopped) return
    if (refresh) await identity.refresh().catch(() => {})
    await checker.checkLogged()
  }

  function onChainEvent(event: string, data: string): void {
    if (event !== 'chain' && event !== 'removed') return
    let e: { event: string; args: Record<string, unknown>; blockNumber?: number }
    try {
      e = JSON.parse(data)
    } catch {
      return
    }
    // The station filters already; the same rule here keeps a station that sends more (an older station,
    // or the unfiltered stream past the battery limit) from making the device re-check on others' events.
    if (!concernsMe(e.args ?? {})) return
    const block = Number(e.blockNumber ?? Infinity)
    if (event === 'removed') {
      // A reorganization undid it: what was read since its block may be from the undone blocks. The events
      // of the new blocks may come at the same heights, so they must not count as seen already.
      if (Number.isFinite(block)) {
        identityThrough = Math.min(identityThrough, block - 1)
        checkedThrough = Math.min(checkedThrough, block - 1)
      }
      opts.signer.forget() // the undone block may have held this device's last request
      void reconcile(true)
      return
    }
    const needIdentity = changesIdentity(e) && block > identityThrough
    const needCheck = needIdentity || block > checkedThrough
    if (!needCheck) return
    // Asked for now, after the station knew this block: every event up to it is covered by these reads.
    if (needIdentity && Number.isFinite(block)) identityThrough = block
    if (Number.isFinite(block)) checkedThrough = Math.max(checkedThrough, block)
    void reconcile(needIdentity)
  }

  return {
    start: restart,
    follow() {
      if (stopped || streamQuery === undefined) return
      if (queryFor(checker.batteryIds()) !== streamQuery) restart()
    },
    async settled(op) {
      // The operation's own events, read from its receipt, are handled here; the same events arriving on the
      // stream are then covered (checkedThrough) and cost no second read.
      const block = op.blockNumber
      if (op.ok && block !== undefined && op.events.some((e) => changesIdentity(e) && concernsMe(e.args))) {
        identityThrough = Math.max(identityThrough, block)
        await identity.refresh().catch(() => {})
      }
      if (block !== undefined) checkedThrough = Math.max(checkedThrough, block)
    },
    stop() {
      stopped = true
      sseAbort?.abort()
    },
  }
}
