import { EvswapError } from '../../sdk/errors/EvswapError.js'
import { httpRequest } from '../http/httpRequest.js'
import { isTrustConfigured, SYSTEM_TRUST, type StationTrust } from '../tls/StationTrust.js'
import { StationTrustError } from '../tls/StationTrustError.js'

export type StationResponse<T = unknown> = { status: number; body: T; station: string; etag?: string }

export type StationClient = {
  /** The station this device talks to now. */
  current(): string
  stations(): readonly string[]
  /** Whom the device trusts over TLS, for the other connections it opens to its stations (the event stream). */
  readonly trust: StationTrust
  /** Calls the current station; on a connection failure, a timeout or a 5xx moves on to the next one. */
  request<T = unknown>(method: 'GET' | 'POST', path: string, body?: unknown, opts?: RequestOptions): Promise<StationResponse<T>>
  /** Called with the new station's URL whenever the client fails over. */
  onFailover(fn: (from: string, to: string, reason: string) => void): void
}

export type RequestOptions = {
  timeoutMs?: number
  /** A conditional GET: the station answers 304 with no body while the resource still has this ETag. */
  ifNoneMatch?: string
}

const isRetryable = (status: number) => status >= 500

/**
 * A device's link to its rich clients: its home station first, then the others in order. The star of the
 * paper, minus its single point of failure: when the station stops answering, the device moves on.
 *
 * @example
 * const station = createStationClient(['http://127.0.0.1:7001', 'http://127.0.0.1:7002'])
 * const { body } = await station.request('GET', '/api/health')
 */
export function createStationClient(urls: readonly string[], opts: { timeoutMs?: number; trust?: StationTrust } = {}): StationClient {
  if (urls.length === 0) throw new EvswapError('no station configured', { hint: 'pass --station URL (repeat for failover)' })
  const list = urls.map((u) => u.replace(/\/+$/, ''))
  const trust = opts.trust ?? SYSTEM_TRUST
  const plain = isTrustConfigured(trust) ? list.findIndex((u) => u.startsWith('http:')) : -1
  if (plain >= 0) {
    throw new EvswapError(`station ${plain + 1} at ${list[plain]}: it is plain http://, and this device speaks only TLS to stations since it was given a CA or a pin; use its https:// URL`, {
      hint: 'the station serves HTTPS when its operator starts it with --tls-cert and --tls-key',
      code: 'STATION_TLS',
    })
  }
  let index = 0
  const listeners: ((from: string, to: string, reason: string) => void)[] = []

  async function once<T>(base: string, method: 'GET' | 'POST', path: string, body: unknown, o: RequestOptions & { timeoutMs: number }): Promise<StationResponse<T>> {
    const headers: Record<string, string> = {}
    if (body !== undefined) headers['content-type'] = 'application/json'
    if (o.ifNoneMatch !== undefined) headers['if-none-match'] = o.ifNoneMatch
    const { status, text, etag } = await httpRequest(base + path, {
      method,
      headers,
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      timeoutMs: o.timeoutMs,
      trust,
    })
    let parsed: unknown = text
    try {
      parsed = text ? JSON.parse(text) : null
    } catch {
      // a non-JSON answer (a proxy's error page) is passed on as text
    }
    return { status, body: parsed as T, station: base, ...(etag ? { etag } : {}) }
  }

  return {
    current: () => list[index]!,
    stations: () => list,
    trust,
    onFailover: (fn) => void listeners.push(fn),
    async request<T>(method: 'GET' | 'POST', path: string, body?: unknown, o: RequestOptions = {}) {
      const timeoutMs = o.timeoutMs ?? opts.timeoutMs ?? 10_000
      let lastError = ''
      let refusal: string | undefined
      // Try every station once, starting with the current one.
      for (let tried = 0; tried < list.length; tried++) {
        const base = list[index]!
        try {
          const r = await once<T>(base, method, path, body, { ...o, timeoutMs })
          if (!isRetryable(r.status)) return r
          lastError = `HTTP ${r.status}`
        } catch (e) {
          if (e instanceof StationTrustError) {
            lastError = `station ${index + 1} at ${base}: ${e.reason}; ${e.fix}`
            refusal ??= lastError
          } else lastError = e instanceof Error ? `${e.name}: ${e.message}` : String(e)
        }
        const from = base
        index = (index + 1) % list.length
        if (list.length > 1) for (const fn of listeners) fn(from, list[index]!, lastError)
      }
      // A station refused for its certificate is a setting to fix, not an outage: that sentence comes first.
      if (refusal) {
        throw new EvswapError(refusal, {
          details: `no station answers (${list.join(', ')}): last error ${lastError}`,
          hint: 'requests wait in the outbox and are sent once a station is trusted and answers',
          code: 'STATION_TLS',
        })
      }
      throw new EvswapError('no station answers', {
        details: `${list.join(', ')}: last error ${lastError}`,
        hint: 'check the network; requests stay in the outbox and are resent when a station answers',
        code: 'NO_STATION',
      })
    },
  }
}
