// A hacked station for attack tests: an HTTP(S) server that passes the station API through to an honest
// station, except where a test tells it to lie (forged battery views, any JSON answer rewritten, swallowed
// relay requests answered as confirmed or held as sent, no chain events). What it captures is what a device
// handed it: the signed requests.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import { createServer as createHttpsServer } from 'node:https'
import { httpJson } from './demoParts.js'
import type { SignedForwardRequest } from '../../src/sdk/forwarder/forwardRequestTypes.js'

type Json = any // eslint-disable-line @typescript-eslint/no-explicit-any -- views are forged field by field

/** Rewrites a station's JSON answer to `path` (with its query); returns it unchanged to tell the truth. */
export type Lie = (path: string, body: Json) => Json

export type LyingStation = {
  url: string
  /** Rewrites `GET /api/batteries/:id` and `/state` answers (the honest view in, the lie out); undefined: pass through. */
  forgeBattery: ((view: Json) => Json) | undefined
  /** Rewrites any JSON 200 answer (after `forgeBattery`); the identity tells the truth. */
  lie: Lie
  /**
   * Keep `POST /api/relay` bodies instead of relaying them, and later say they were confirmed (`true` or
   * `'confirmed'`), or hold them, saying they were sent, forever (`'held'`).
   */
  swallowRelay: boolean | 'confirmed' | 'held'
  /** Every `POST /api/relay` body that reached it, swallowed or not. */
  readonly captured: SignedForwardRequest[]
  /** Requests served, by `METHOD path` without the query. */
  readonly served: Map<string, number>
  close(): Promise<void>
}

/**
 * Starts a lying station on 127.0.0.1 in front of `upstream` (an honest station's URL). With `tls`, it
 * serves HTTPS with that certificate: a hacked station holds its own certificate's key.
 *
 * @example
 * const liar = await startLyingStation(station1Url)
 * liar.forgeBattery = (v) => ({ ...v, staticHash: '0x' + '00'.repeat(32) })
 */
export async function startLyingStation(upstream: string, o: { tls?: { cert: string; key: string } } = {}): Promise<LyingStation> {
  const swallowed = new Set<string>()
  const sockets = new Set<import('node:net').Socket>()
  const state: LyingStation = {
    url: '',
    forgeBattery: undefined,
    lie: (_path, body) => body,
    swallowRelay: false,
    captured: [],
    served: new Map(),
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy()
        server.close(() => resolve())
      }),
  }

  const send = (res: ServerResponse, status: number, body: unknown) => {
    res.writeHead(status, { 'content-type': 'application/json' })
    res.end(typeof body === 'string' ? body : JSON.stringify(body))
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://liar')
    const key = `${req.method} ${url.pathname}`
    state.served.set(key, (state.served.get(key) ?? 0) + 1)
    const chunks: Buffer[] = []
    for await (const c of req) chunks.push(c as Buffer)
    const text = Buffer.concat(chunks).toString('utf8')

    if (url.pathname === '/api/link') {
      // It does not speak the compressed link, so every answer passes through here in plain HTTP to forge.
      return send(res, 404, { error: { code: 'not_found', message: 'no link here' } })
    }
    if (req.method === 'GET' && url.pathname === '/api/events') {
      // Censors the chain's events: a stream that stays open and says nothing.
      res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store' })
      res.write(': a hacked station\n\n')
      return
    }
    if (req.method === 'POST' && url.pathname === '/api/relay') {
      const body = JSON.parse(text) as SignedForwardRequest
      state.captured.push(body)
      if (state.swallowRelay) {
        const id = `${body.from.toLowerCase()}-${body.nonce}`
        swallowed.add(id)
        return send(res, 202, { id, status: 'queued' })
      }
    }
    const relayStatus = /^\/api\/relay\/(0x[0-9a-fA-F]{40}-[0-9]+)$/.exec(url.pathname)
    if (req.method === 'GET' && relayStatus && swallowed.has(relayStatus[1]!.toLowerCase())) {
      if (state.swallowRelay === 'held') return send(res, 200, { id: relayStatus[1], status: 'sent', txHash: `0x${'cd'.repeat(32)}` })
      // The lie a device without proofs cannot check without asking someone else: "it ran".
      return send(res, 200, { id: relayStatus[1], status: 'confirmed', success: true, txHash: `0x${'ab'.repeat(32)}`, blockNumber: 1, events: [] })
    }

    const up = await httpJson(upstream + url.pathname + url.search, { method: req.method ?? 'GET', ...(text ? { body: text } : {}) })
    const upText = up.text
    const json = up.status === 200 && (up.headers.get('content-type') ?? '').includes('json')
    let body = json ? JSON.parse(upText) : undefined
    if (req.method === 'GET' && /^\/api\/batteries\/\d+(\/state)?$/.test(url.pathname) && json && state.forgeBattery) body = state.forgeBattery(body)
    if (json) return send(res, 200, state.lie(url.pathname + url.search, body))
    res.writeHead(up.status, { 'content-type': up.headers.get('content-type') ?? 'application/json' })
    res.end(upText)
  }

  const onRequest = (req: IncomingMessage, res: ServerResponse) => {
    handle(req, res).catch((e: unknown) => {
      if (!res.headersSent) send(res, 502, { error: { code: 'liar', message: String(e) } })
    })
  }
  const server: Server = o.tls ? (createHttpsServer({ cert: o.tls.cert, key: o.tls.key }, onRequest) as unknown as Server) : createServer(onRequest)
  server.on('connection', (s) => {
    sockets.add(s)
    s.on('close', () => sockets.delete(s))
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()))
  const address = server.address()
  state.url = `${o.tls ? 'https' : 'http'}://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`
  return state
}
