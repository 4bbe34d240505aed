import type { IncomingMessage, ServerResponse } from 'node:http'
import { timingSafeEqual } from 'node:crypto'
import { getAddress, isAddress } from 'viem'
import type { DeviceAgent } from '../agent/createDeviceAgent.js'
import { dischargeCall } from '../../sdk/calls/dischargeCall.js'
import { chargeCall } from '../../sdk/calls/chargeCall.js'
import { setLifeStatusCall } from '../../sdk/calls/setLifeStatusCall.js'
import { recycleCall } from '../../sdk/calls/recycleCall.js'
import { requestSwapCall } from '../../sdk/calls/requestSwapCall.js'
import { approveSwapCall } from '../../sdk/calls/approveSwapCall.js'
import { denySwapCall } from '../../sdk/calls/denySwapCall.js'
import { cancelSwapCall } from '../../sdk/calls/cancelSwapCall.js'
import { holdBatteryCall } from '../../sdk/calls/holdBatteryCall.js'
import { releaseHoldCall } from '../../sdk/calls/releaseHoldCall.js'
import { setHoldTermsCall } from '../../sdk/calls/setHoldTermsCall.js'
import { registerEVOwnerCall } from '../../sdk/calls/registerEVOwnerCall.js'
import { registerStationOperatorCall } from '../../sdk/calls/registerStationOperatorCall.js'
import { grantECoinCall } from '../../sdk/calls/grantECoinCall.js'
import { setFeeCall } from '../../sdk/calls/setFeeCall.js'
import { setEnergyPriceCall } from '../../sdk/calls/setEnergyPriceCall.js'
import { setPausedCall } from '../../sdk/calls/setPausedCall.js'
import { setSuspendedCall } from '../../sdk/calls/setSuspendedCall.js'
import { setStationCall } from '../../sdk/calls/setStationCall.js'
import { updateStationCall } from '../../sdk/calls/updateStationCall.js'
import { STATION_FLAG } from '../../sdk/units.js'
import { ForfeitTo, Operation, type ForfeitToName, type OperationName } from '../../sdk/enums.js'
import { describeUnit } from '../../sdk/units.js'
import { batteryToFileJson } from '../usb/batteryToFileJson.js'
import { readFileCondition } from '../agent/readFileCondition.js'
import { BadRequest } from './BadRequest.js'
import { ChargeRefused } from '../charger/ChargeRefused.js'
import { readConditionBody } from './readConditionBody.js'
import { readPlaceBody } from './readPlaceBody.js'
import { relayStationEvents } from './relayStationEvents.js'
import { sendError, sendJson } from './sendJson.js'
import { serveStatic } from './serveStatic.js'

export type DeviceApiOptions = {
  agent: DeviceAgent
  token: string
  webRoot?: string
  maxBodyBytes?: number
  /** Where the device is (degrees): the EV GUI's finder orders stations by distance from it. */
  position?: DevicePosition
  /** The tile server the EV GUI's finder draws its map from; without one the finder is a list alone. */
  mapTiles?: MapTiles
  /** A station serves this API beside its own (its swap interface): the GUI reads the station's network and votes there. */
  servedByStation?: boolean
}
/** A position in degrees (WGS 84). */
export type DevicePosition = { latitude: number; longitude: number }
/** A raster tile server: `url` with {z}, {x} and {y} (and optionally {s}), and the credit its terms ask for. */
export type MapTiles = { url: string; attribution: string }
type Req = { method: string; path: string; query: URLSearchParams; body: Record<string, unknown> }

const int = (b: Record<string, unknown>, field: string, min: number, max: number): number => {
  const v = typeof b[field] === 'string' && /^\d+$/.test(b[field] as string) ? Number(b[field]) : b[field]
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) {
    throw new BadRequest(field, `${field} must be a whole number from ${min} to ${max}`)
  }
  return v
}
const cents = (b: Record<string, unknown>, field: string): bigint => {
  const v = b[field]
  if ((typeof v !== 'string' && typeof v !== 'number') || !/^\d+$/.test(String(v))) {
    throw new BadRequest(field, `${field} must be E-coin cents as a whole number (e.g. "1500" for 15.00 E-coin)`)
  }
  // Past uint256 the call cannot even be encoded; that is the caller's mistake (400), not the station's (502).
  if (BigInt(v) > 2n ** 256n - 1n) throw new BadRequest(field, `${field} does not fit in uint256`)
  return BigInt(v)
}
/** A swap's difference: signed E-coin cents (negative when the station pays the EV), within the contract's int88. */
const signedCents = (b: Record<string, unknown>, field: string): bigint => {
  const v = b[field]
  if ((typeof v !== 'string' && typeof v !== 'number') || !/^-?\d+$/.test(String(v)) || BigInt(v) >= 2n ** 87n || BigInt(v) < -(2n ** 87n)) {
    throw new BadRequest(field, `${field} must be the swap's difference in E-coin cents as a whole number, as the swap list shows it (e.g. "1500" or "-300")`)
  }
  return BigInt(v)
}
const U32 = 0xffffffff

/**
 * The device's local API (docs/api.md section 2) as a plain node:http handler: the paper's local express
 * server, without a framework, because the device is a 1 GB Raspberry Pi. The station mounts the same handler.
 *
 * @example
 * http.createServer(createDeviceApi({ agent, token })).listen(7100, '127.0.0.1')
 */
export function createDeviceApi(o: DeviceApiOptions): (req: IncomingMessage, res: ServerResponse, parsedBody?: unknown) => void {
  const { agent } = o
  const expected = Buffer.from(o.token)
  const maxBody = o.maxBodyBytes ?? 16 * 1024

  const authorized = (req: IncomingMessage, query: URLSearchParams) => {
    const header = req.headers.authorization ?? ''
    const given = Buffer.from(header.startsWith('Bearer ') ? header.slice(7) : (query.get('token') ?? ''))
    return given.length === expected.length && timingSafeEqual(given, expected)
  }

  const snapshot = async () => ({
    address: agent.address,
    role: agent.identity().role,
    unit: agent.identity().unit,
    unitName: agent.identity().unit ? describeUnit(agent.identity().unit) : agent.identity().isSuper ? 'super account' : 'unregistered',
    balance: agent.identity().balance,
    position: o.position ?? null,
    mapTiles: o.mapTiles ?? null,
    servedByStation: o.servedByStation ?? false,
    isSuper: agent.identity().isSuper,
    station: { url: agent.station.current() },
    stations: agent.station.stations(),
    // Stations on another chain or deployment than the pinned one, with the sentence that says so.
    refusedStations: agent.station.refusals(),
    batteries: batteriesView(),
    alerts: agent.alerts(),
    charger: chargerView(),
    outbox: (await agent.outbox()).map((e) => ({ id: e.id, kind: e.kind, state: e.state ?? 'new', createdAt: e.createdAt })),
  })
  const batteriesView = () =>
    agent.batteries().map((b) => ({
      folder: b.folder,
      batteryId: b.batteryId,
      file: b.record ? batteryToFileJson(b.record) : null,
      chain: b.chain,
      alerts: b.alerts,
      // A rewrite of the file from the chain by the device itself: no alert, shown in neutral words.
      lastFileUpdate: b.lastFileUpdate ?? null,
    }))

  const chargerView = () => ({
    ratingW: agent.charger.ratingW,
    limitW: agent.charger.limitW(),
    sessions: agent.charger.sessions(),
  })

  const proxy = async (res: ServerResponse, path: string) => {
    const r = await agent.station.request('GET', path)
    sendJson(res, r.status, r.body)
  }

  async function route(r: Req, res: ServerResponse): Promise<void> {
    const d = agent.deployment()
    const op = async (call: Parameters<DeviceAgent['operate']>[0], batteryId?: number) => {
      const result = await agent.operate(call, batteryId === undefined ? {} : { batteryId })
      sendJson(res, result.status === 'confirmed' ? 200 : 422, result)
    }
    const m = r.method
    const p = r.path
    let match: RegExpMatchArray | null
    if (m === 'GET' && p === '/api/device') return sendJson(res, 200, await snapshot())
    if (m === 'GET' && p === '/api/device/batteries') return sendJson(res, 200, batteriesView())
    if (m === 'GET' && (match = p.match(/^\/api\/device\/passport\/(\d+)$/))) {
      const batteryId = int({ batteryId: Number(match[1]) }, 'batteryId', 1, U32)
      const tier = r.query.get('tier') ?? 'legitimate'
      if (tier !== 'public' && tier !== 'legitimate') throw new BadRequest('tier', `tier is "${tier}": ask for public or legitimate`)
      const answer = await agent.passport(batteryId, tier)
      return sendJson(res, answer.status, answer.body)
    }
    if (m === 'GET' && p === '/api/device/alerts') return sendJson(res, 200, agent.alerts())
    if (m === 'POST' && p === '/api/device/check') return sendJson(res, 200, await agent.check())
    if (m === 'POST' && (match = p.match(/^\/api\/device\/batteries\/(\d+)\/repair$/))) {
      const batteryId = int({ batteryId: Number(match[1]) }, 'batteryId', 1, U32)
      const { battery, alerts } = await agent.repairFile(batteryId)
      if (!battery) return sendError(res, 404, 'not_found', `battery ${batteryId} is not in this device's USB slots`, { hint: "insert the battery's USB disk, then try again" })
      const view = batteriesView().find((b) => b.batteryId === batteryId)
      if (alerts.length) {
        return sendJson(res, 409, { error: { code: 'not_repaired', message: alerts.map((a) => a.message).join(' '), hint: 'a rewrite from the chain fixes only energy, SOC, counts, times, price and owner, of a battery that sits here and has no operation in flight' }, battery: view })
      }
      return sendJson(res, 200, view)
    }
    if (m === 'POST' && (p === '/api/device/discharge' || p === '/api/device/charge')) {
      const args = {
        batteryId: int(r.body, 'batteryId', 1, U32),
        energyWh: int(r.body, 'energyWh', 0, U32),
        socPermille: int(r.body, 'socPermille', 0, 1000),
        duration: int(r.body, 'duration', 0, U32),
      }
      // A battery whose file reports its condition sends it with the operation (the *WithCondition call),
      // so the passport's health follows the management system; a condition in the body overrides it.
      const condition = readConditionBody(r.body) ?? readFileCondition(agent.batteries(), args.batteryId)
      const withCondition = condition ? { ...args, condition } : args
      return op(p === '/api/device/charge' ? chargeCall(d, withCondition) : dischargeCall(d, withCondition), args.batteryId)
    }
    if (m === 'GET' && p === '/api/device/charger') return sendJson(res, 200, chargerView())
    if (m === 'POST' && p === '/api/device/charger/limit') {
      agent.charger.setLimit(int(r.body, 'limitW', 1, U32))
      return sendJson(res, 200, chargerView())
    }
    if (m === 'POST' && (p === '/api/device/charger/start' || p === '/api/device/charger/stop')) {
      const batteryId = int(r.body, 'batteryId', 1, U32)
      const session = p.endsWith('/start')
        ? agent.charger.start(batteryId, r.body.powerW === undefined ? undefined : int(r.body, 'powerW', 1, U32))
        : agent.charger.stop(batteryId)
      return sendJson(res, 200, session)
    }
    if (m === 'POST' && p === '/api/device/recycle') {
      const batteryId = int(r.body, 'batteryId', 1, U32)
      return op(recycleCall(d, { batteryId }), batteryId)
    }
    if (m === 'POST' && p === '/api/device/life-status') {
      const batteryId = int(r.body, 'batteryId', 1, U32)
      const status = r.body.status
      if (status !== 'repurposed' && status !== 'reused' && status !== 'remanufactured') {
        throw new BadRequest('status', `status is ${JSON.stringify(status)}: a battery's passport status can be made repurposed, reused or remanufactured (recycling makes it waste)`)
      }
      return op(setLifeStatusCall(d, { batteryId, status }), batteryId)
    }
    if (m === 'POST' && p === '/api/device/swaps') {
      const evBatteryId = int(r.body, 'evBatteryId', 1, U32)
      const stationBatteryId = int(r.body, 'stationBatteryId', 1, U32)
      let maxCost: bigint
      if (r.body.maxCost === undefined) {
        // A quote the station refuses (an unknown battery: 422) is passed on as is, like the proxied reads.
        const q = await agent.station.request<{ cost: string }>('GET', `/api/quote?ev=${evBatteryId}&station=${stationBatteryId}`)
        if (q.status !== 200) return sendJson(res, q.status, q.body)
        maxCost = BigInt(q.body.cost)
      } else maxCost = cents(r.body, 'maxCost')
      return op(requestSwapCall(d, { evBatteryId, stationBatteryId, maxCost }), evBatteryId)
    }
    if (m === 'POST' && (match = p.match(/^\/api\/device\/swaps\/(\d+)\/(cancel|approve|deny)$/))) {
      const swapId = int({ swapId: Number(match[1]) }, 'swapId', 1, U32)
      if (match[2] === 'cancel') return op(cancelSwapCall(d, { swapId }))
      // The station names the swap as its operator saw it, so that a fork which gave this id to another
      // request makes the decision fail instead of settling that other request.
      const terms = { swapId, evBatteryId: int(r.body, 'evBatteryId', 1, U32), stationBatteryId: int(r.body, 'stationBatteryId', 1, U32), difference: signedCents(r.body, 'difference') }
      return op(match[2] === 'approve' ? approveSwapCall(d, terms) : denySwapCall(d, terms))
    }
    if (m === 'POST' && p === '/api/device/holds') return op(holdBatteryCall(d, { batteryId: int(r.body, 'batteryId', 1, U32) }))
    if (m === 'POST' && (match = p.match(/^\/api\/device\/holds\/(\d+)\/release$/))) {
      return op(releaseHoldCall(d, { batteryId: int({ batteryId: Number(match[1]) }, 'batteryId', 1, U32) }))
    }
    if (m === 'GET' && p === '/api/device/swaps') return proxy(res, `/api/swaps?unit=${agent.identity().unit}&order=newest`)
    if (m === 'GET' && p === '/api/device/stations') {
      return proxy(res, r.query.has('station') ? `/api/stations?station=${int({ station: r.query.get('station') }, 'station', 1, 0x7fffffff)}` : '/api/stations')
    }
    if (m === 'GET' && p === '/api/device/quote') {
      return proxy(res, `/api/quote?ev=${int({ v: r.query.get('ev') }, 'v', 1, U32)}&station=${int({ v: r.query.get('station') }, 'v', 1, U32)}`)
    }
    if (m === 'GET' && (match = p.match(/^\/api\/device\/batteries\/(\d+)\/history$/))) return proxy(res, `/api/batteries/${match[1]}/history?order=newest`)
    if (m === 'GET' && p === '/api/device/accounts') return proxy(res, '/api/accounts')
    if (m === 'GET' && p === '/api/device/ledger') return proxy(res, `/api/accounts/${agent.address}/ledger?${new URLSearchParams([...r.query].filter(([k]) => k === 'limit' || k === 'before'))}`)
    if (m === 'GET' && p === '/api/device/network') return proxy(res, '/api/network')
    if (m === 'GET' && p === '/api/device/network/overview') return proxy(res, '/api/network/overview')
    if (m === 'GET' && p === '/api/device/all-batteries') return proxy(res, '/api/batteries')
    if (m === 'GET' && p === '/api/device/paused') return proxy(res, '/api/paused')
    if (m === 'GET' && p === '/api/device/hold-terms') return proxy(res, '/api/holds/terms')
    if (m === 'POST' && p === '/api/device/admin/register') {
      const account = r.body.account
      if (typeof account !== 'string' || !isAddress(account)) throw new BadRequest('account', 'account must be a 0x address')
      const unitId = int(r.body, 'unitId', 1, 0x7fffffff)
      if (r.body.role === 'EVOwner') return op(registerEVOwnerCall(d, { account: getAddress(account), evId: unitId }))
      if (r.body.role === 'StationOperator') return op(registerStationOperatorCall(d, { account: getAddress(account), stationId: unitId }))
      throw new BadRequest('role', 'role must be EVOwner or StationOperator')
    }
    if (m === 'POST' && p === '/api/device/admin/station-place') {
      return op(setStationCall(d, { stationId: int(r.body, 'stationId', 1, 0x7fffffff), place: readPlaceBody(r.body) }))
    }
    if (m === 'POST' && p === '/api/device/station-place') {
      const { role, unit } = agent.identity()
      if (role !== 'StationOperator') throw new BadRequest('place', "only a station operator's device changes its station's place; this device is not one")
      return op(updateStationCall(d, { stationId: (unit & ~STATION_FLAG) >>> 0, place: readPlaceBody(r.body) }))
    }
    if (m === 'POST' && p === '/api/device/admin/grant') {
      const to = r.body.to
      if (typeof to !== 'string' || !isAddress(to)) throw new BadRequest('to', 'to must be a 0x address')
      return op(grantECoinCall(d, { to: getAddress(to), amount: cents(r.body, 'amount') }))
    }
    if (m === 'POST' && p === '/api/device/admin/fee') {
      const operation = r.body.operation as OperationName
      if (!(operation in Operation)) throw new BadRequest('operation', `operation must be one of ${Object.keys(Operation).join(', ')}`)
      return op(setFeeCall(d, { operation, fee: cents(r.body, 'fee') }))
    }
    if (m === 'POST' && p === '/api/device/admin/paused') {
      if (typeof r.body.paused !== 'boolean') throw new BadRequest('paused', 'paused must be true (pause user operations) or false (resume them)')
      return op(setPausedCall(d, { paused: r.body.paused }))
    }
    if (m === 'POST' && p === '/api/device/admin/suspend') {
      const account = r.body.account
      if (typeof account !== 'string' || !isAddress(account)) throw new BadRequest('account', 'account must be a 0x address')
      if (typeof r.body.suspended !== 'boolean') throw new BadRequest('suspended', 'suspended must be true (suspend the account) or false (restore it)')
      return op(setSuspendedCall(d, { account: getAddress(account), suspended: r.body.suspended }))
    }
    if (m === 'POST' && p === '/api/device/admin/hold-terms') {
      const forfeitTo = r.body.forfeitTo as ForfeitToName
      if (!(forfeitTo in ForfeitTo)) throw new BadRequest('forfeitTo', `forfeitTo is ${JSON.stringify(r.body.forfeitTo)}: an unused hold's fee goes to the Station, the Treasury or back to the EVOwner`)
      const minutes = int(r.body, 'durationMinutes', 1, 24 * 60)
      return op(setHoldTermsCall(d, { durationSeconds: minutes * 60, fee: cents(r.body, 'fee'), forfeitTo }))
    }
    if (m === 'POST' && p === '/api/device/admin/energy-price') {
      return op(setEnergyPriceCall(d, { pricePerKWh: cents(r.body, 'pricePerKWh') }))
    }
    sendError(res, 404, 'not_found', `no route ${m} ${p}`, { hint: 'see docs/api.md section 2' })
  }

  function events(req: IncomingMessage, res: ServerResponse): void {
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store', connection: 'keep-alive' })
    res.write(': evswap device events\n\n')
    const onState = () => res.write(`event: state\ndata: {}\n\n`)
    const beat = setInterval(() => res.write(': beat\n\n'), 15_000)
    agent.events.on('state', onState)
    req.on('close', () => {
      clearInterval(beat)
      agent.events.off('state', onState)
    })
  }

  return (req, res, parsedBody) => {
    let url: URL
    try {
      url = new URL(req.url ?? '/', 'http://device')
    } catch {
      // `GET //[ HTTP/1.1` is a request target node accepts and URL cannot parse: refuse it, never throw here.
      return sendError(res, 400, 'bad_request', 'the request target is not a valid URL path')
    }
    const method = (req.method ?? 'GET').toUpperCase()
    if (!url.pathname.startsWith('/api/')) {
      if (method === 'GET' && o.webRoot && serveStatic(o.webRoot, url.pathname, res)) return
      return sendError(res, 404, 'not_found', `no page ${url.pathname}`, { hint: 'build the GUI with npm run build' })
    }
    if (!authorized(req, url.searchParams)) {
      return sendError(res, 401, 'unauthorized', 'missing or wrong token', { hint: 'use the URL the device printed at start (it carries #token=…), or send Authorization: Bearer <token from api-token>' })
    }
    if (method === 'GET' && url.pathname === '/api/device/events') return events(req, res)
    if (method === 'GET' && url.pathname === '/api/device/stations/events') return relayStationEvents(agent.station, req, res)
    const run = (body: Record<string, unknown>) =>
      route({ method, path: url.pathname, query: url.searchParams, body }, res).catch((e: unknown) => {
        if (res.headersSent) return
        if (e instanceof BadRequest) return sendError(res, 400, 'bad_request', e.message, { field: e.field })
        if (e instanceof ChargeRefused) return sendError(res, 409, 'refused', e.message, e.field ? { field: e.field } : {})
        const err = e as { shortMessage?: string; hint?: string; code?: string; message?: string }
        // shortMessage is the station's own sentence (stationError), never a stack or a contract error's name.
        sendError(res, err.code === 'NO_STATION' ? 503 : 502, 'upstream', err.shortMessage ?? 'The station could not be reached.', { hint: err.hint ?? 'Check that the station is running, then try again.' })
      })
    if (parsedBody !== undefined) return void run((parsedBody ?? {}) as Record<string, unknown>)
    if (method !== 'POST') return void run({})
    const chunks: Buffer[] = []
    let size = 0
    req.on('data', (c: Buffer) => {
      size += c.length
      if (size > maxBody) {
        sendError(res, 413, 'too_large', `body over ${maxBody} bytes`)
        req.destroy()
      } else chunks.push(c)
    })
    req.on('end', () => {
      if (res.headersSent) return
      const text = Buffer.concat(chunks).toString('utf8')
      let body: unknown = {}
      try {
        body = text ? JSON.parse(text) : {}
      } catch {
        return sendError(res, 400, 'bad_json', 'the body is not valid JSON', { field: 'body' })
      }
      if (!body || typeof body !== 'object' || Array.isArray(body)) return sendError(res, 400, 'bad_request', 'the body must be a JSON object', { field: 'body' })
      void run(body as Record<string, unknown>)
    })
  }
}
