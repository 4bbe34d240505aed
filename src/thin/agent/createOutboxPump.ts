import type { EventEmitter } from 'node:events'
import { randomBytes } from 'node:crypto'
import type { Hex } from 'viem'
import type { EvswapCall } from '../../sdk/calls/EvswapCall.js'
import type { Outbox, OutboxEntry } from '../outbox/openOutbox.js'
import type { StationClient } from './createStationClient.js'
import type { RequestSigner } from './createRequestSigner.js'
import type { OperationResult } from './OperationResult.js'
import type { OutboxPayload, SettledOperation } from './OutboxPayload.js'
import { reviveJson } from './reviveJson.js'
import type { OutcomeClaim, OutcomeProver, ProvenOutcome } from '../verify/createOutcomeProver.js'
import type { LieRecord } from '../verify/createLieRecord.js'
import { StationLiedError } from '../verify/StationLiedError.js'

/** The relay's view of one request (`POST /api/relay`, `GET /api/relay/:id`). */
type RelayStatus = {
  id: string
  status: 'queued' | 'sent' | 'confirmed' | 'failed'
  txHash?: Hex
  blockNumber?: number | string
  success?: boolean
  error?: string
  events?: { event: string; args: Record<string, unknown> }[]
  signature?: Hex
}

export type OutboxPumpOptions = {
  outbox: Outbox
  station: StationClient
  signer: RequestSigner
  /** Emits 'state' when an operation is queued or settled; `drain` listens to it. */
  events: EventEmitter
  log?: (line: string) => void
  /**
   * Run in order when an operation settles, before its entry leaves the outbox: what must be durable first
   * (a new battery's id written into its file) and what its own events change (the account).
   */
  settle: ((op: SettledOperation) => Promise<void>)[]
  /** The consistency check: started after each settled operation, awaited at the end of `drain`. */
  check: () => Promise<unknown>
  /** Proves what a station says of a request before its entry may leave the outbox. */
  outcomes: OutcomeProver
  /** Where a station caught lying about an outcome is recorded (and left). */
  lies: Pick<LieRecord, 'caught' | 'honest'>
}

export type OutboxPump = {
  /** Puts an operation into the durable outbox and waits for its outcome. */
  operate(call: EvswapCall, extra?: Omit<OutboxPayload, 'call'>): Promise<OperationResult>
  /** Puts an operation into the durable outbox; resolves once it is on disk, with its completion. */
  enqueue(call: EvswapCall, extra?: Omit<OutboxPayload, 'call'>): Promise<{ id: string; done: Promise<OperationResult> }>
  /** Starts sending what the outbox holds, oldest first, unless a pump runs already. */
  pump(): void
  /** Waits until the outbox is empty, then for a consistency check that started after it emptied. */
  drain(): Promise<void>
  /** Stops after the entry in flight. */
  stop(): Promise<void>
}

/**
 * The agent's outbox pump: one operation at a time (the forwarder checks nonces in order), each signed,
 * written to the outbox before it leaves the device, posted to the station's relay, and followed until the
 * chain settles it, whatever the station or the link does meanwhile (replays, failover, a fork, a second
 * holder of the key). An entry leaves only once proofs show what the station said of it (`outcomes`): a
 * station whose "confirmed" or "replayed" the proofs refute is recorded as lying, the device moves to its
 * next station, and the same signed request goes there. It owns the operations' waiters and the pump's run;
 * the outbox owns the entries.
 *
 * @example
 * const pump = createOutboxPump({ outbox, station, signer, events, settle: [], check: async () => {} })
 * const result = await pump.operate(dischargeCall(deployment, args), { batteryId: args.batteryId })
 */
export function createOutboxPump(opts: OutboxPumpOptions): OutboxPump {
  const { outbox, station, signer, events } = opts
  const log = opts.log ?? (() => {})
  const waiters = new Map<string, (r: OperationResult) => void>()
  const startedAt = new Map<string, number>()
  let lastCreatedAt = 0
  let pumping: Promise<void> | undefined
  let stopped = false
  const changed = () => events.emit('state')

  async function enqueue(call: EvswapCall, extra: Omit<OutboxPayload, 'call'> = {}): Promise<{ id: string; done: Promise<OperationResult> }> {
    // Strictly increasing, so the outbox sends operations in the order they were asked for.
    const createdAt = (lastCreatedAt = Math.max(Date.now(), lastCreatedAt + 1))
    const id = `${createdAt.toString(36)}-${randomBytes(4).toString('hex')}`
    const done = new Promise<OperationResult>((resolve) => waiters.set(id, resolve))
    startedAt.set(id, performance.now())
    await outbox.put({ id, kind: call.label, createdAt, payload: { call, ...extra } satisfies OutboxPayload })
    changed()
    pump()
    return { id, done }
  }

  function pump(): void {
    if (pumping || stopped) return
    pumping = (async () => {
      try {
        for (;;) {
          const [head] = await outbox.list()
          if (!head || stopped) break
          await processEntry(head)
        }
      } catch (e) {
        log(`outbox paused: ${e instanceof Error ? e.message : String(e)}`)
        // No station answers: try again soon; nothing is lost, the entry stays in the outbox.
        if (!stopped) setTimeout(() => pump(), 1000).unref()
      } finally {
        pumping = undefined
      }
    })()
  }

  /** Signs the entry's call, durably: after a crash the same signed request (same nonce) is resent, so it applies at most once. */
  async function sign(entry: OutboxEntry, payload: OutboxPayload): Promise<OutboxPayload> {
    const signed = await signer.sign(payload.call)
    await outbox.update(entry.id, { payload: { ...payload, signed } })
    return { ...payload, signed }
  }

  /** Drops the entry's signature (its nonce was stale or taken): the next attempt signs again. */
  async function unsign(entry: OutboxEntry, payload: OutboxPayload): Promise<OutboxPayload> {
    const unsigned = { ...payload, signed: undefined }
    await outbox.update(entry.id, { payload: unsigned })
    return unsigned
  }

  async function processEntry(entry: OutboxEntry): Promise<void> {
    let payload = entry.payload as OutboxPayload
    /** The signed request may have reached a station already: signed by an earlier pump or process, or posted. */
    let out = payload.signed !== undefined
    for (let attempt = 0; attempt < 20 && !stopped; attempt++) {
      if (!payload.signed) {
        payload = await sign(entry, payload)
        out = false
      }
      const signed = payload.signed!
      const id = `${signed.from.toLowerCase()}-${signed.nonce}`
      const postedBefore = out
      out = true
      const via = station.current()
      // wait=1: the answer is the outcome, in the same exchange (a station without it answers 202 at once).
      const r = await station.request<RelayStatus & { error?: { code: string; message: string; hint?: string } }>('POST', '/api/relay?wait=1', signed, { timeoutMs: 40_000 })
      const code = r.body?.error?.code
      if (code === 'replayed') {
        // Its nonce is used. If this request was out before (a station took it, then went down while the
        // POST waited for the outcome, and the next station answered), it is this request that ran; only
        // this device signs its nonces, one request at a time. Otherwise its nonce was stale: sign again.
        if (postedBefore || r.station !== via) {
          if (await finishProven(entry, payload, { id, status: 'confirmed', events: [] }, r.station)) return
          continue
        }
        payload = await unsign(entry, payload)
        continue
      }
      if (r.status === 200 || r.status === 202 || code === 'duplicate') {
        await outbox.update(entry.id, { state: 'sent' })
        const s = r.status === 200 ? r.body : await waitRelay(id)
        if (s?.signature && s.signature.toLowerCase() !== signed.signature.toLowerCase()) {
          // Another request signed with this device's key took this nonce (a second holder of the key):
          // that result is not ours. Sign again at the next nonce once it has settled.
          log(`nonce ${signed.nonce} was taken by a request this agent did not send; signing again`)
          payload = await unsign(entry, payload)
          continue
        }
        if (s?.status === 'confirmed' || s?.status === 'failed') {
          if (await finishProven(entry, payload, s, r.station)) return
          continue
        }
        // The station lost track of it (restarted, or we failed over), or holds it: the proven nonce tells
        // whether it ran; if not, it is posted again, to the next station if this one stopped answering.
        const proven = await opts.outcomes.prove(payload, { station: r.station, status: 'unknown', events: [] })
        if (proven.ran) return finish(entry, payload, { id, status: 'confirmed', events: proven.events, blockNumber: proven.blockNumber }, proven)
        // It kept the request without running it (or lost it): the same signed bytes go to another station.
        station.distrust(r.station, `it took ${payload.call.label} (nonce ${signed.nonce}) and did not run it`)
        continue
      }
      if (code === 'nonce_ahead' || code === 'expired' || code === 'reorg_pending') {
        // reorg_pending: a fork undid this device's last confirmed request, which its station runs again;
        // the nonce read for signing was the undone chain's. Signed again once that request has run.
        if (code === 'reorg_pending') await new Promise((res) => setTimeout(res, 1000))
        payload = await unsign(entry, payload)
        continue
      }
      if (r.status === 429) {
        await new Promise((res) => setTimeout(res, 250 * (attempt + 1)))
        continue
      }
      const message = r.body?.error ? `${r.body.error.message}${r.body.error.hint ? ` (${r.body.error.hint})` : ''}` : `HTTP ${r.status}`
      return finish(entry, payload, { id, status: 'failed', error: message, events: [] }, { ran: false, ok: false, blockNumber: 0, events: [] })
    }
  }

  async function waitRelay(id: string): Promise<RelayStatus | undefined> {
    for (let i = 0; i < 10 && !stopped; i++) {
      const r = await station.request<RelayStatus>('GET', `/api/relay/${id}?wait=1`, undefined, { timeoutMs: 40_000 })
      if (r.status === 404) return undefined
      if (r.body.status === 'confirmed' || r.body.status === 'failed') return r.body
    }
    return undefined
  }

  /**
   * Proves what `station` said of the entry's request, then settles it by the proof; answers false, with
   * the lie recorded and the device on its next station, when a proof refutes the station: the entry stays
   * and goes out again.
   */
  async function finishProven(entry: OutboxEntry, payload: OutboxPayload, s: RelayStatus, station: string): Promise<boolean> {
    const evs = (s.events ?? []).map((e) => ({ event: e.event, args: reviveJson(e.args) as Record<string, unknown> }))
    const claim: OutcomeClaim = { station, status: s.status === 'confirmed' ? 'confirmed' : 'failed', events: evs, ...(s.success === undefined ? {} : { success: s.success }), ...(s.blockNumber === undefined ? {} : { blockNumber: Number(s.blockNumber) }) }
    // When the station told the outcome, before the proofs: the result's `includedMs`.
    const includedAt = performance.now()
    try {
      const proven = await opts.outcomes.prove(payload, claim)
      opts.lies.honest(station)
      await finish(entry, payload, s, proven, includedAt)
      return true
    } catch (e) {
      if (!(e instanceof StationLiedError)) throw e
      opts.lies.caught(e)
      return false
    }
  }

  async function finish(entry: OutboxEntry, payload: OutboxPayload, s: RelayStatus, proven: ProvenOutcome, includedAt?: number): Promise<void> {
    const evs = proven.events
    let error = s.error
    if (proven.ran && !proven.ok) error ??= s.status === 'confirmed' && s.success !== false ? 'its effect is not on chain' : 'reverted on chain'
    if (!proven.ran) error ??= 'it did not run'
    const ok = proven.ok
    // Run, even reverted inside its call, means the forwarder used the nonce.
    if (proven.ran && payload.signed) signer.confirmed(payload.signed)
    const blockNumber = proven.ran ? proven.blockNumber : undefined
    const settled: SettledOperation = { payload, ok, events: evs, ...(blockNumber === undefined ? {} : { blockNumber }) }
    for (const step of opts.settle) await step(settled)
    await outbox.remove(entry.id)
    const t0 = startedAt.get(entry.id)
    const result: OperationResult = {
      id: s.id,
      label: payload.call.label,
      status: ok ? 'confirmed' : 'failed',
      ...(s.txHash ? { txHash: s.txHash } : {}),
      ...(blockNumber !== undefined ? { blockNumber } : {}),
      latencyMs: t0 === undefined ? 0 : Math.round(performance.now() - t0),
      ...(t0 !== undefined && includedAt !== undefined ? { includedMs: Math.round(includedAt - t0) } : {}),
      ...(error ? { error } : {}),
      events: evs,
    }
    log(`${result.label} ${result.status}${result.error ? `: ${result.error}` : ''} in ${result.latencyMs} ms`)
    waiters.get(entry.id)?.(result)
    waiters.delete(entry.id)
    startedAt.delete(entry.id)
    changed()
    void opts.check().catch(() => {})
  }

  return {
    operate: async (call, extra) => (await enqueue(call, extra)).done,
    enqueue,
    pump,
    async drain() {
      for (;;) {
        // Listening before looking: a state change between the look and the wait must not be missed.
        let wake = () => {}
        const changedOnce = new Promise<void>((res) => (wake = res))
        events.once('state', wake)
        const empty = (await outbox.list()).length === 0
        if (empty) {
          events.off('state', wake)
          break
        }
        pump()
        await changedOnce
      }
      // finish() starts a check without awaiting it; this one runs after it, so its result is current.
      await opts.check()
    },
    async stop() {
      stopped = true
      await pumping?.catch(() => {})
    },
  }
}
