import { EventEmitter } from 'node:events'
import { randomBytes } from 'node:crypto'
import type { Hex, LocalAccount } from 'viem'
import type { Deployment } from '../../sdk/deployment.js'
import type { EvswapCall } from '../../sdk/calls/EvswapCall.js'
import { signForwardRequest } from '../../sdk/forwarder/signForwardRequest.js'
import type { SignedForwardRequest } from '../../sdk/forwarder/forwardRequestTypes.js'
import { registerBatteryCall } from '../../sdk/calls/registerBatteryCall.js'
import type { AccountView, BatteryView } from '../../sdk/reads/types.js'
import { describeUnit } from '../../sdk/units.js'
import { EvswapError } from '../../sdk/errors/EvswapError.js'
import { eventConcerns, MAX_STREAM_BATTERIES } from '../../sdk/events/eventConcerns.js'
import { createStationClient, type StationClient } from './createStationClient.js'
import { readSse } from './readSse.js'
import { checkBattery } from '../consistency/checkBattery.js'
import type { Alert, AlertKind } from '../consistency/Alert.js'
import type { FieldDifference, FileUpdate } from '../consistency/FieldDifference.js'
import { describeChanges } from '../consistency/fieldDifferences.js'
import { openSyncedBatteries } from '../consistency/openSyncedBatteries.js'
import { describeAlertChange } from '../consistency/describeAlertChange.js'
import type { BatteryRecord } from '../usb/batteryRecord.js'
import { readBatteryFile } from '../usb/readBatteryFile.js'
import { writeBatteryFile } from '../usb/writeBatteryFile.js'
import { scanUsbSlots } from '../usb/scanUsbSlots.js'
import { scanUsbFolders } from '../usb/scanUsbFolders.js'
import { watchUsbSlots, type UsbSlotWatcher } from '../usb/watchUsbSlots.js'
import { openOutbox, type Outbox, type OutboxEntry } from '../outbox/openOutbox.js'
import { reviveJson } from './reviveJson.js'
import { stationError } from './stationError.js'
import { createBatteryReader } from './createBatteryReader.js'

export type DeviceAgentOptions = {
  /** The device's own folder: outbox, API token. */
  dir: string
  /** USB mount folders (see scanUsbSlots). */
  slots: string[]
  /** Home station first, then the ones to fail over to. */
  stations: string[]
  account: LocalAccount
  /** Seconds a signed request stays valid. */
  requestTtlSeconds?: number
  log?: (line: string) => void
}

export type DeviceBattery = {
  folder: string
  file: string
  batteryId: number | null
  record: BatteryRecord | null
  chain: BatteryView | null
  alerts: Alert[]
  /** The last time this device rewrote the file from the chain, and what changed (no alert: a repair). */
  lastFileUpdate?: FileUpdate
}

export type OperationResult = {
  id: string
  label: string
  status: 'confirmed' | 'failed'
  txHash?: Hex
  blockNumber?: number
  latencyMs: number
  error?: string
  events: { event: string; args: Record<string, unknown> }[]
}

type Payload = {
  call: EvswapCall
  signed?: SignedForwardRequest
  /** registration: where the battery sits and the tag that finds its id */
  folder?: string
  tag?: Hex
  batteryId?: number
}

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

const REGISTRATION_RETRY_MS = 30_000
/** The station's stream sends a heartbeat every 15 s: silence for longer than this means a dead link. */
const EVENT_STREAM_IDLE_MS = 45_000

export type DeviceAgent = Awaited<ReturnType<typeof createDeviceAgent>>

/**
 * The thin client: reads its batteries off USB disks, registers the new ones, keeps files and chain
 * consistent, and runs every operation through a durable outbox and a station's relay. It never runs a
 * node and never holds Ether.
 *
 * @example
 * const agent = await createDeviceAgent({ dir, slots: ['/media'], stations: ['http://127.0.0.1:7001'], account })
 * await agent.start()
 * await agent.discharge({ batteryId: 1, energyWh: 5000, socPermille: 250, duration: 3600 })
 */
export async function createDeviceAgent(opts: DeviceAgentOptions) {
  const log = opts.log ?? (() => {})
  const ttl = opts.requestTtlSeconds ?? 3600
  const events = new EventEmitter()
  const station: StationClient = createStationClient(opts.stations)
  station.onFailover((from, to, reason) => {
    log(`station ${from} failed (${reason}); now using ${to}`)
    restartEvents()
  })
  const batteryReader = createBatteryReader(station)
  const outbox: Outbox = await openOutbox(`${opts.dir}/outbox`)
  /** What this device last saw in sync with the chain, per battery: what explains a file that differs. */
  const synced = openSyncedBatteries(opts.dir)
  /** Batteries whose file the user asked to rewrite from the chain (repairFile); served by the next check. */
  const rewriteRequested = new Set<number>()
  let deployment: Deployment | undefined
  let identity: AccountView = { address: opts.account.address, role: 'None', unit: 0, balance: 0n, isSuper: false }
  let batteries: DeviceBattery[] = []
  let alerts = new Map<string, Alert>()
  const waiters = new Map<string, (r: OperationResult) => void>()
  const startedAt = new Map<string, number>()
  let stopped = false
  let lastCreatedAt = 0
  /** Folders whose registration failed, and when: retried after a pause, not in a loop. */
  const failedRegistrations = new Map<string, number>()
  let pumping: Promise<void> | undefined
  let checking: Promise<Alert[]> | undefined
  let checkAgain = false
  let sseAbort: AbortController | undefined
  /** The query of the event stream open now (its filter): a new one is opened when the filter changes. */
  let streamQuery: string | undefined
  /**
   * The forwarder nonce after this device's last confirmed request: only this device signs its requests, one
   * at a time, so the next one needs no round trip to ask. Taken when used; a wrong guess (another holder of
   * the key, a fork) is answered `replayed` or `nonce_ahead`, and the request is signed again after asking.
   */
  let nextNonce: bigint | undefined
  /**
   * Highest block whose state a consistency check (and an identity refresh) was asked for after that block
   * was known: chain events up to it are covered, so the event of an operation this agent just finished and
   * checked does not cause a second read of the same state.
   */
  let checkedThrough = -1
  let identityThrough = -1
  let watcher: UsbSlotWatcher | undefined

  const changed = () => events.emit('state')

  async function get<T>(path: string): Promise<T> {
    const r = await station.request<T>('GET', path)
    if (r.status >= 400) throw stationError(r.status, r.body, path)
    return r.body
  }

  async function refreshIdentity(): Promise<void> {
    const a = await get<{ role: AccountView['role']; unit: number; balance: string; isSuper: boolean }>(`/api/accounts/${opts.account.address}`)
    identity = { address: opts.account.address, role: a.role, unit: a.unit, balance: BigInt(a.balance), isSuper: a.isSuper }
    followChain() // a new unit changes the stream's filter
  }

  // ------------------------------------------------------------------ outbox

  /** Puts an operation into the durable outbox and waits for its receipt. */
  async function operate(call: EvswapCall, extra: Omit<Payload, 'call'> = {}): Promise<OperationResult> {
    return (await enqueue(call, extra)).done
  }

  /** Puts an operation into the durable outbox; resolves once it is on disk, with its completion. */
  async function enqueue(call: EvswapCall, extra: Omit<Payload, 'call'> = {}): Promise<{ id: string; done: Promise<OperationResult> }> {
    // Strictly increasing, so the outbox sends operations in the order they were asked for.
    const createdAt = (lastCreatedAt = Math.max(Date.now(), lastCreatedAt + 1))
    const id = `${createdAt.toString(36)}-${randomBytes(4).toString('hex')}`
    const done = new Promise<OperationResult>((resolve) => waiters.set(id, resolve))
    startedAt.set(id, performance.now())
    await outbox.put({ id, kind: call.label, createdAt, payload: { call, ...extra } satisfies Payload })
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

  async function sign(entry: OutboxEntry): Promise<SignedForwardRequest> {
    const payload = entry.payload as Payload
    let nonce = nextNonce
    nextNonce = undefined
    nonce ??= BigInt((await get<{ nonce: string }>(`/api/nonce/${opts.account.address}`)).nonce)
    const signed = await signForwardRequest({
      account: opts.account,
      deployment: deployment!,
      call: payload.call,
      nonce,
      deadline: Math.floor(Date.now() / 1000) + ttl,
    })
    // Durable before it leaves the device: after a crash the same signed request (same nonce) is resent,
    // so it can apply at most once.
    await outbox.update(entry.id, { payload: { ...payload, signed } })
    return signed
  }

  async function processEntry(entry: OutboxEntry): Promise<void> {
    let payload = entry.payload as Payload
    /** The signed request may have reached a station already: signed by an earlier pump or process, or posted. */
    let out = payload.signed !== undefined
    for (let attempt = 0; attempt < 20 && !stopped; attempt++) {
      let signed = payload.signed
      if (!signed) {
        signed = await sign(entry)
        payload = { ...payload, signed }
        out = false
      }
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
        if (postedBefore || r.station !== via) return finish(entry, payload, { id, status: 'confirmed', events: [] })
        payload = { ...payload, signed: undefined }
        await outbox.update(entry.id, { payload })
        continue
      }
      if (r.status === 200 || r.status === 202 || code === 'duplicate') {
        await outbox.update(entry.id, { state: 'sent' })
        const s = r.status === 200 ? r.body : await waitRelay(id)
        if (s?.signature && s.signature.toLowerCase() !== signed.signature.toLowerCase()) {
          // Another request signed with this device's key took this nonce (a second holder of the key):
          // that result is not ours. Sign again at the next nonce once it has settled.
          log(`nonce ${signed.nonce} was taken by a request this agent did not send; signing again`)
          payload = { ...payload, signed: undefined }
          await outbox.update(entry.id, { payload })
          continue
        }
        if (s?.status === 'confirmed' || s?.status === 'failed') return finish(entry, payload, s)
        // The station lost track of it (restarted, or we failed over): the chain nonce tells what happened.
        if (await nonceUsed(signed)) return finish(entry, payload, { id, status: 'confirmed', events: [] })
        continue
      }
      if (code === 'nonce_ahead' || code === 'expired' || code === 'reorg_pending') {
        // reorg_pending: a fork undid this device's last confirmed request, which its station runs again;
        // the nonce read for signing was the undone chain's. Signed again once that request has run.
        if (code === 'reorg_pending') await new Promise((res) => setTimeout(res, 1000))
        payload = { ...payload, signed: undefined }
        await outbox.update(entry.id, { payload })
        continue
      }
      if (r.status === 429) {
        await new Promise((res) => setTimeout(res, 250 * (attempt + 1)))
        continue
      }
      const message = r.body?.error ? `${r.body.error.message}${r.body.error.hint ? ` (${r.body.error.hint})` : ''}` : `HTTP ${r.status}`
      return finish(entry, payload, { id, status: 'failed', error: message, events: [] })
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

  async function nonceUsed(signed: SignedForwardRequest): Promise<boolean> {
    const { nonce } = await get<{ nonce: string }>(`/api/nonce/${opts.account.address}`)
    return BigInt(nonce) > BigInt(signed.nonce)
  }

  async function finish(entry: OutboxEntry, payload: Payload, s: RelayStatus): Promise<void> {
    const evs = (s.events ?? []).map((e) => ({ event: e.event, args: reviveJson(e.args) as Record<string, unknown> }))
    let error = s.error
    if (s.status === 'confirmed' && s.success === false) error ??= 'reverted on chain'
    const ok = s.status === 'confirmed' && s.success !== false
    // Confirmed, even reverted inside its call, means the forwarder used the nonce.
    if (s.status === 'confirmed' && payload.signed) nextNonce = BigInt(payload.signed.nonce) + 1n
    if (ok && payload.call.label === 'registerBattery' && payload.folder) await writeBackId(payload, evs)
    // The operation's own events, read from its receipt, are handled here; the same events arriving on the
    // stream are then covered (checkedThrough) and cost no second read.
    const block = s.blockNumber === undefined ? undefined : Number(s.blockNumber)
    if (ok && block !== undefined && evs.some((e) => changesIdentity(e) && concernsMe(e.args))) {
      identityThrough = Math.max(identityThrough, block)
      await refreshIdentity().catch(() => {})
    }
    if (block !== undefined) checkedThrough = Math.max(checkedThrough, block)
    if (!ok && payload.call.label === 'registerBattery' && payload.folder) failedRegistrations.set(payload.folder, Date.now())
    await outbox.remove(entry.id)
    const t0 = startedAt.get(entry.id)
    const result: OperationResult = {
      id: s.id,
      label: payload.call.label,
      status: ok ? 'confirmed' : 'failed',
      ...(s.txHash ? { txHash: s.txHash } : {}),
      ...(s.blockNumber !== undefined ? { blockNumber: Number(s.blockNumber) } : {}),
      latencyMs: t0 === undefined ? 0 : Math.round(performance.now() - t0),
      ...(error ? { error } : {}),
      events: evs,
    }
    log(`${result.label} ${result.status}${result.error ? `: ${result.error}` : ''} in ${result.latencyMs} ms`)
    waiters.get(entry.id)?.(result)
    waiters.delete(entry.id)
    startedAt.delete(entry.id)
    changed()
    void check().catch(() => {})
  }

  async function writeBackId(payload: Payload, evs: OperationResult['events']): Promise<void> {
    let batteryId = Number(evs.find((e) => e.event === 'BatteryRegistered')?.args.batteryId ?? 0)
    if (!batteryId) {
      const r = await station.request<{ batteryId: number }>('GET', `/api/registrations/${payload.tag}`)
      if (r.status === 200) batteryId = Number(r.body.batteryId)
    }
    if (!batteryId) return
    const file = `${payload.folder}/battery information.json`
    const read = readBatteryFile(file)
    if (!read.ok || read.battery.batteryId !== null) return
    writeOwnBatteryFile(file, { ...read.battery, batteryId, ownerAddress: opts.account.address.toLowerCase() as `0x${string}` })
    log(`battery in ${payload.folder} registered as ${batteryId}`)
  }

  /**
   * Writes a battery file and tells the USB watcher so: the agent's own write (an id written back, a repair)
   * must not come back as a USB change and cost a second check of every battery.
   */
  function writeOwnBatteryFile(file: string, record: BatteryRecord): void {
    writeBatteryFile(file, record)
    watcher?.noteOwnWrite(file)
  }

  // ------------------------------------------------------------------ consistency

  function check(): Promise<Alert[]> {
    if (checking) {
      checkAgain = true
      return checking
    }
    checking = (async () => {
      try {
        do {
          checkAgain = false
          await checkOnce()
        } while (checkAgain && !stopped)
        return [...alerts.values()]
      } finally {
        checking = undefined
      }
    })()
    return checking
  }

  async function checkOnce(): Promise<void> {
    const { batteries: found, empty } = scanUsbFolders(opts.slots)
    const pending = await outbox.list()
    const busy = new Set(pending.map((e) => (e.payload as Payload).batteryId).filter((x) => x !== undefined))
    const registering = new Set(pending.map((e) => (e.payload as Payload).folder).filter(Boolean))
    const next: DeviceBattery[] = []
    const seen = new Map<string, Alert>()
    const raise = (kind: AlertKind, folder: string, message: string, batteryId?: number, fields?: FieldDifference[]) => {
      const key = `${kind}:${folder}`
      seen.set(key, { kind, folder, message, since: alerts.get(key)?.since ?? Date.now(), ...(batteryId ? { batteryId } : {}), ...(fields?.length ? { fields } : {}) })
    }
    if (identity.role === 'None' && !identity.isSuper) {
      raise('unregistered_device', opts.dir, `this device (${opts.account.address}) is not registered: ask the super account to register it`)
    }
    for (const { folder } of empty) {
      raise('missing_file', folder, `the USB folder ${folder} holds no "battery information.json": copy the battery's file into it, or take the folder out if it is not a battery disk`)
    }
    for (const { folder, file } of found) {
      const read = readBatteryFile(file)
      if (!read.ok) {
        const problems = read.errors.map((e) => `${e.field}: ${e.message}`).join('; ')
        raise('invalid_file', folder, `the battery file in ${folder} cannot be read as a battery (${problems}): fix it (npx evswap battery check names each problem) or restore it from a backup`)
        next.push({ folder, file, batteryId: null, record: null, chain: null, alerts: [] })
        continue
      }
      let record = read.battery
      let chain: BatteryView | null = null
      if (record.batteryId === null) {
        const failedAt = failedRegistrations.get(folder) ?? 0
        if (Date.now() - failedAt < REGISTRATION_RETRY_MS) {
          raise('unknown_battery', folder, `registration failed; retrying in ${Math.ceil((REGISTRATION_RETRY_MS - (Date.now() - failedAt)) / 1000)} s`)
        } else if (identity.role !== 'None' && !registering.has(folder)) await register(folder, record)
      } else {
        const known = batteries.find((b) => b.folder === folder && b.batteryId === record.batteryId)?.chain
        if (busy.has(record.batteryId) && known) {
          // An operation on it is in flight: its state is read when the operation finishes (finish), so
          // an event that arrives first does not cost a read whose result could not be written anyway.
          chain = known
        } else {
          chain = await batteryReader.read(record.batteryId)
        }
        const id = record.batteryId
        const requested = rewriteRequested.has(id) && !busy.has(id)
        const result = checkBattery(record, chain, identity.unit, { synced: synced.get(id)?.reading, rewrite: requested })
        for (const a of result.alerts) raise(a.kind, folder, a.message, id, a.fields)
        // A file whose battery has an operation in flight is written when it finishes, from the chain then.
        if (result.synced && !(result.repair && busy.has(id))) {
          let update: FileUpdate | undefined
          if (result.repair) {
            writeOwnBatteryFile(file, result.repair)
            record = result.repair
            update = { at: Date.now(), reason: requested ? 'user' : 'chain', changes: result.changes, message: `battery ${id}'s file was ${requested ? 'rewritten from the chain as asked' : 'updated from the chain'}: ${describeChanges(result.changes)}` }
            log(`${update.message} (${folder})`)
          }
          // After the file: a crash between the two leaves a file equal to the chain, which needs no record.
          synced.synced(id, result.synced, chain?.dynamicInfo.holder !== identity.unit, update)
        }
        if (requested) rewriteRequested.delete(id)
      }
      const lastFileUpdate = record.batteryId === null ? undefined : synced.get(record.batteryId)?.lastFileUpdate
      next.push({ folder, file, batteryId: record.batteryId, record, chain, alerts: [], ...(lastFileUpdate ? { lastFileUpdate } : {}) })
    }
    synced.forgetDeparted(new Set(next.map((b) => b.batteryId).filter((x): x is number => x !== null)))
    for (const b of next) b.alerts = [...seen.values()].filter((a) => a.folder === b.folder)
    batteries = next
    followChain() // a battery inserted or removed changes the stream's filter
    for (const line of describeAlertChange(alerts, seen)) log(line)
    alerts = seen
    changed()
  }

  async function register(folder: string, record: BatteryRecord): Promise<{ id: string; done: Promise<OperationResult> }> {
    const tag = `0x${randomBytes(32).toString('hex')}` as Hex
    const call = registerBatteryCall(deployment!, {
      staticInfo: record.staticInfo,
      reading: {
        energyWh: record.dynamicInfo.energyWh,
        socPermille: record.dynamicInfo.socPermille,
        chargingCount: record.dynamicInfo.chargingCount,
        dischargingCount: record.dynamicInfo.dischargingCount,
        chargingTotalTime: record.dynamicInfo.chargingTotalTime,
        dischargingTotalTime: record.dynamicInfo.dischargingTotalTime,
      },
      tag,
    })
    return enqueue(call, { folder, tag })
  }

  // ------------------------------------------------------------------ chain events

  /** The battery ids in the USB slots, from the files (no station needed). */
  function slotBatteryIds(): number[] {
    const ids = new Set<number>()
    for (const { file } of scanUsbSlots(opts.slots)) {
      const r = readBatteryFile(file)
      if (r.ok && r.battery.batteryId !== null) ids.add(r.battery.batteryId)
    }
    return [...ids]
  }

  /**
   * The stream's filter: this device's account, unit and batteries, so the station sends only the events
   * that concern it (eventConcerns) and no heads, whatever the rest of the network does.
   */
  function eventStreamQuery(ids: number[]): string {
    const q = new URLSearchParams({ account: opts.account.address.toLowerCase(), heads: 'false' })
    if (identity.unit) q.set('unit', String(identity.unit))
    // Past the station's limit the device takes every event and filters them itself.
    if (ids.length > MAX_STREAM_BATTERIES) return 'heads=false'
    for (const id of [...ids].sort((x, y) => x - y)) q.append('battery', String(id))
    return q.toString()
  }

  /** The ids of the batteries the last check found in the slots. */
  const checkedBatteryIds = () => batteries.map((b) => b.batteryId).filter((x): x is number => x !== null)

  /** Reopens the stream when its filter no longer matches the batteries and unit of this device. */
  function followChain(): void {
    if (stopped || streamQuery === undefined) return
    if (eventStreamQuery(checkedBatteryIds()) !== streamQuery) restartEvents()
  }

  function restartEvents(): void {
    sseAbort?.abort()
    if (stopped) return
    const abort = new AbortController()
    sseAbort = abort
    // Before the first check (at start) the files say which batteries are there.
    const query = eventStreamQuery(batteries.length ? checkedBatteryIds() : slotBatteryIds())
    streamQuery = query
    const url = `${station.current()}/api/events?${query}`
    readSse(url, (event, data) => onChainEvent(event, data), abort.signal, {
      idleTimeoutMs: EVENT_STREAM_IDLE_MS,
      // Events that happened while no stream was open (before it, between two streams, across a failover)
      // are never replayed: reconcile from the chain's state once the new stream is listening.
      onOpen: () => void reconcile(),
    })
      .catch(() => {})
      .finally(() => {
        // The stream ended (station restarted or gone, or silent too long): reconnect, through failover if need be.
        if (!abort.signal.aborted && !stopped) {
          setTimeout(() => {
            station.request('GET', '/api/health').then(() => restartEvents(), () => restartEvents())
          }, 500).unref()
        }
      })
  }

  /** Reads the account (unless told it is current) and checks every battery against the chain. */
  async function reconcile(refresh = true): Promise<void> {
    if (stopped) return
    if (refresh) await refreshIdentity().catch(() => {})
    await check().catch((err) => log(`check failed: ${err instanceof Error ? err.message : String(err)}`))
  }

  const concernsMe = (args: Record<string, unknown>) =>
    eventConcerns(args, {
      account: opts.account.address,
      batteries: new Set(checkedBatteryIds()),
      unit: identity.unit,
    })
  const changesIdentity = (e: { event: string }) => e.event === 'AccountRegistered' || e.event.startsWith('Swap') || e.event === 'Transfer'

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
      nextNonce = undefined // the undone block may have held this device's last request
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

  // ------------------------------------------------------------------ lifecycle

  async function start(): Promise<void> {
    const cfg = await get<{ deployment: Deployment }>('/api/config')
    deployment = cfg.deployment
    await refreshIdentity()
    log(`device ${opts.account.address} is ${identity.isSuper ? 'the super account' : identity.role === 'None' ? 'NOT registered' : describeUnit(identity.unit)}; station ${station.current()}`)
    const onUsb = () => void check().catch((e) => log(`check failed: ${e instanceof Error ? e.message : String(e)}`))
    watcher = watchUsbSlots(opts.slots, onUsb)
    watcher.on('empty', onUsb) // a folder without a battery file is an alert too
    restartEvents()
    await check()
    pump() // resend whatever a crash or power cut left in the outbox
  }

  async function stop(): Promise<void> {
    stopped = true
    sseAbort?.abort()
    watcher?.close()
    await pumping?.catch(() => {})
  }

  /**
   * Waits until the outbox is empty (every operation confirmed or failed) and what the operations wrote is
   * visible: ids written back into files, and `batteries()` read again from the files and the chain.
   */
  async function drain(): Promise<void> {
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
    await check()
  }

  /**
   * Rewrites a battery's file from the chain at the user's request (a `stale_file` alert the device cannot
   * explain), then checks again. Static info is never rewritten, and nothing is while the battery sits in
   * another unit on chain or has an operation in flight: the alerts that still stand say so.
   *
   * @returns the battery as the check left it (undefined if it is not in the USB slots) and its alerts
   */
  async function repairFile(batteryId: number): Promise<{ battery: DeviceBattery | undefined; alerts: Alert[] }> {
    rewriteRequested.add(batteryId)
    try {
      await check()
    } finally {
      rewriteRequested.delete(batteryId)
    }
    const battery = batteries.find((b) => b.batteryId === batteryId)
    return { battery, alerts: battery?.alerts ?? [] }
  }

  function requireDeployment(): Deployment {
    if (!deployment) throw new EvswapError('the agent has not started', { hint: 'call start() first' })
    return deployment
  }

  return {
    address: opts.account.address,
    events,
    station,
    start,
    stop,
    drain,
    check,
    repairFile,
    operate,
    deployment: requireDeployment,
    identity: () => identity,
    refreshIdentity,
    batteries: () => batteries,
    alerts: () => [...alerts.values()],
    outbox: () => outbox.list(),
    get: <T>(path: string) => get<T>(path),
  }
}
