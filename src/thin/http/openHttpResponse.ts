import http, { type IncomingMessage } from 'node:http'
import { createStationAgent } from './createStationAgent.js'
import { isTrustConfigured, SYSTEM_TRUST, type StationTrust } from '../tls/StationTrust.js'
import { StationTrustError } from '../tls/StationTrustError.js'

export type OpenHttpResponseOptions = {
  method?: 'GET' | 'POST'
  headers?: Record<string, string>
  /** Sent as is, with its content-length. */
  body?: string
  signal?: AbortSignal
  /** Fails the request if its socket says nothing for this long (also while the response streams). */
  idleTimeoutMs?: number
  /** Whom the device trusts over TLS (default: the public CAs, and http:// allowed). */
  trust?: StationTrust
}

type Client = { request: typeof http.request; agent: http.Agent }
/** Per trust (a device's, a station's own swap interface's), per protocol. */
let clients = new WeakMap<StationTrust, Map<string, Promise<Client>>>()
let compressedLink = true

/**
 * Whether new connections to stations try the compressed link (docs/api.md section 3) first; on by
 * default. Off, every connection is plain HTTP (`evswap device --plain-link`, for diagnosis with a sniffer).
 */
export function useCompressedLink(on: boolean): void {
  if (on !== compressedLink) clients = new WeakMap()
  compressedLink = on
}

/**
 * One keep-alive agent per protocol for the whole device: the agent talks to one station at a time, so a
 * couple of warm sockets is all it needs. node:https loads only for an https station.
 */
function clientFor(protocol: string, trust: StationTrust): Promise<Client> {
  let byProtocol = clients.get(trust)
  if (!byProtocol) clients.set(trust, (byProtocol = new Map()))
  let c = byProtocol.get(protocol)
  if (!c) {
    const tls = protocol === 'https:'
    c = (tls ? import('node:https').then((m) => m.default) : Promise.resolve(http)).then((m) => ({
      request: m.request as typeof http.request,
      agent: createStationAgent(m.Agent, { keepAlive: true, maxFreeSockets: 2 }, { link: compressedLink, ...(tls ? { trust } : {}) }),
    }))
    byProtocol.set(protocol, c)
  }
  return c
}

/**
 * Sends a request with node:http (or node:https) and resolves with the response once its headers arrive;
 * the caller reads or streams the body. Why not `fetch`: Node's fetch is undici, which costs a device
 * ~20-30 MB of resident memory once used (its WebAssembly HTTP parser and buffers; docs/benchmarks.md).
 *
 * A request on a kept-alive socket that the server closed meanwhile fails with ECONNRESET before any
 * answer; it is sent once more on a fresh socket, since the server never read it.
 *
 * @example
 * const res = await openHttpResponse('http://127.0.0.1:7001/api/health', { signal: AbortSignal.timeout(5000) })
 * res.statusCode // 200
 */
export async function openHttpResponse(url: string, o: OpenHttpResponseOptions = {}): Promise<IncomingMessage> {
  const target = new URL(url)
  const trust = o.trust ?? SYSTEM_TRUST
  if (target.protocol === 'http:' && isTrustConfigured(trust)) {
    throw new StationTrustError('it is plain http://, and this device speaks only TLS to stations since it was given a CA or a pin', 'use its https:// URL')
  }
  const { request, agent } = await clientFor(target.protocol, trust)
  for (let attempt = 0; ; attempt++) {
    try {
      return await send(request, agent, target, o)
    } catch (e) {
      const err = e as NodeJS.ErrnoException & { reusedSocket?: boolean }
      if (attempt === 0 && err.reusedSocket && (err.code === 'ECONNRESET' || err.code === 'EPIPE') && !o.signal?.aborted) continue
      throw e
    }
  }
}

function send(request: typeof http.request, agent: http.Agent, target: URL, o: OpenHttpResponseOptions): Promise<IncomingMessage> {
  return new Promise((resolve, reject) => {
    if (o.signal?.aborted) return reject(abortError(o.signal))
    const headers: Record<string, string | number> = { ...o.headers }
    if (o.body !== undefined) headers['content-length'] = Buffer.byteLength(o.body)
    const req = request(target, { method: o.method ?? 'GET', headers, agent })
    const onAbort = () => req.destroy(abortError(o.signal!))
    o.signal?.addEventListener('abort', onAbort, { once: true })
    // The listener lives as long as the request, body included: aborting mid-stream ends the stream too.
    req.once('close', () => o.signal?.removeEventListener('abort', onAbort))
    if (o.idleTimeoutMs) req.setTimeout(o.idleTimeoutMs, () => req.destroy(Object.assign(new Error(`no data from ${target.host} for ${o.idleTimeoutMs} ms`), { name: 'TimeoutError' })))
    req.once('response', resolve)
    req.once('error', (e) => reject(Object.assign(e, { reusedSocket: req.reusedSocket })))
    req.end(o.body)
  })
}

function abortError(signal: AbortSignal): Error {
  const reason: unknown = signal.reason
  return reason instanceof Error ? reason : Object.assign(new Error('the request was aborted'), { name: 'AbortError' })
}
