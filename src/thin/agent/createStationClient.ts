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
  /**
   * Refuses a station for the rest of the process, for a reason a person reads: the client moves on if it
   * was the current one, never goes back to it, and `refusals()` keeps the sentence for the device's status.
   */
  refuse(url: string, reason: string): void
  refusals(): readonly StationRefusal[]
  /**
   * Leaves a station for a while (one caught lying, or serving no block the signers agree on): the client
   * moves on if it is the current one and skips it while others answer. A home station is failed back to
   * once its time is up.
   */
  distrust(url: string, reason: string): void
  /** The stations left for a while now, why, and until when (ms since epoch). */
  distrusts(): readonly { station: string; reason: string; until: number }[]
}

export type StationRefusal = { station: string; reason: string }

/**
 * Checks a station's `GET /api/config` answer before the client uses that station, at its first request
 * and again after every move to it; answers the sentence that refuses it, or undefined to accept it.
 */
export type StationVet = (config: unknown, stationLabel: string) => string | undefined

export type RequestOptions = {
  timeoutMs?: number
  /** A conditional GET: the station answers 304 with no body while the resource still has this ETag. */
  ifNoneMatch?: string
}

/** One try of one station: its answer, or why the client moves on (`refused`: for good; `trust`: its certificate). */
type Attempt<T> = { response: StationResponse<T> } | { error: string; refused?: true; trust?: true }

const isRetryable = (status: number) => status >= 500

/**
 * A device's link to its rich clients: its home station first, then the others in order. The star of the
 * paper, minus its single point of failure: when the station stops answering, or is caught lying
 * (`distrust`), the device moves on, and it goes back to its home station once that may be tried again.
 *
 * @example
 * const station = createStationClient(['http://127.0.0.1:7001', 'http://127.0.0.1:7002'])
 * const { body } = await station.request('GET', '/api/health')
 */
export function createStationClient(
  urls: readonly string[],
  opts: { timeoutMs?: number; trust?: StationTrust; vet?: StationVet; distrustMs?: number; failbackMs?: number } = {},
): StationClient {
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
  /** The station whose config was accepted since the client last moved: a move means checking again. */
  let vetted: string | undefined
  const vetting = new Map<string, Promise<Attempt<unknown> | undefined>>()
  const refused = new Map<string, string>()
  /** Stations left for a while: until when (ms since epoch), and why. */
  const distrusted = new Map<string, { until: number; reason: string }>()
  const isDistrusted = (u: string, now: number) => (distrusted.get(u)?.until ?? 0) > now
  const distrustMs = opts.distrustMs ?? 60_000
  const failbackMs = opts.failbackMs ?? 30_000
  /** When the client last moved: the home station is tried again `failbackMs` after it was left. */
  let movedAt = 0
  const listeners: ((from: string, to: string, reason: string) => void)[] = []
  const label = (base: string) => `station ${list.indexOf(base) + 1} at ${base}`

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

  /** Moves to the next station neither refused nor distrusted (else the next not refused, else simply the next), and says so. */
  function moveOn(reason: string): void {
    const from = list[index]!
    const now = Date.now()
    const after = list.map((_, k) => (index + 1 + k) % list.length)
    const open = (i: number) => !refused.has(list[i]!)
    // Every other station distrusted: the next one not refused, since lies are caught anyway.
    index = after.find((i) => open(i) && !isDistrusted(list[i]!, now)) ?? after.find(open) ?? after[0]!
    vetted = undefined
    movedAt = now
    if (list[index] !== from) for (const fn of listeners) fn(from, list[index]!, reason)
  }

  function describeFailure(base: string, e: unknown): Attempt<never> {
    if (e instanceof StationTrustError) return { error: `${label(base)}: ${e.reason}; ${e.fix}`, trust: true }
    return { error: e instanceof Error ? `${e.name}: ${e.message}` : String(e) }
  }

  /** The station's config against the pin, once per move to it (concurrent requests share the check). */
  function vetStation(base: string, vet: StationVet, timeoutMs: number): Promise<Attempt<unknown> | undefined> {
    let p = vetting.get(base)
    if (!p) {
      p = (async (): Promise<Attempt<unknown> | undefined> => {
        let config: StationResponse<unknown>
        try {
          config = await once<unknown>(base, 'GET', '/api/config', undefined, { timeoutMs })
        } catch (e) {
          return describeFailure(base, e)
        }
        // Busy or down is an outage to fail over from, not a reason to refuse the station for good.
        if (isRetryable(config.status) || config.status === 408 || config.status === 429) return { error: `HTTP ${config.status} for /api/config` }
        // Outside the try: a pin the device cannot write is the device's failure, not the station's.
        const refusal = config.status === 200 ? vet(config.body, label(base)) : `${label(base)}: it answered HTTP ${config.status} for /api/config, so this device cannot check which chain it is on — update that station, or remove it from --station`
        if (refusal) return { error: refusal, refused: true }
        if (list[index] === base) vetted = base
        return undefined
      })().finally(() => vetting.delete(base))
      vetting.set(base, p)
    }
    return p
  }

  async function attempt<T>(base: string, method: 'GET' | 'POST', path: string, body: unknown, o: RequestOptions & { timeoutMs: number }): Promise<Attempt<T>> {
    if (opts.vet && vetted !== base) {
      const failed = await vetStation(base, opts.vet, o.timeoutMs)
      if (failed) return failed as Attempt<T>
    }
    try {
      const r = await once<T>(base, method, path, body, o)
      return isRetryable(r.status) ? { error: `HTTP ${r.status}` } : { response: r }
    } catch (e) {
      return describeFailure(base, e)
    }
  }

  /** Back to the home station once it has been left long enough and is not refused or distrusted. */
  function failBack(): void {
    const home = list[0]!
    const now = Date.now()
    if (index === 0 || refused.has(home) || isDistrusted(home, now) || now - movedAt < failbackMs) return
    const from = list[index]!
    index = 0
    vetted = undefined
    movedAt = now
    for (const fn of listeners) fn(from, home, 'failing back to the home station')
  }

  function distrust(url: string, reason: string): void {
    const base = url.replace(/\/+$/, '')
    if (!list.includes(base)) return
    distrusted.set(base, { until: Date.now() + distrustMs, reason })
    if (list[index] === base && list.length > 1) moveOn(reason)
  }

  function refuse(url: string, reason: string): void {
    const base = url.replace(/\/+$/, '')
    if (!list.includes(base) || refused.has(base)) return
    refused.set(base, reason)
    if (list[index] === base) moveOn(reason)
  }

  return {
    current: () => list[index]!,
    stations: () => list,
    trust,
    onFailover: (fn) => void listeners.push(fn),
    refuse,
    refusals: () => [...refused].map(([station, reason]) => ({ station, reason })),
    distrust,
    distrusts: () => {
      const now = Date.now()
      return [...distrusted].filter(([station]) => isDistrusted(station, now)).map(([station, d]) => ({ station, ...d }))
    },
    async request<T>(method: 'GET' | 'POST', path: string, body?: unknown, o: RequestOptions = {}) {
      const timeoutMs = o.timeoutMs ?? opts.timeoutMs ?? 10_000
      failBack()
      let lastError = ''
      let trustRefusal: string | undefined
      // Try every station once, starting with the current one; refused ones are skipped.
      for (let tried = 0; tried < list.length; tried++) {
        const base = list[index]!
        if (refused.has(base)) break // only when every station is refused: moveOn skips them otherwise
        const a = await attempt<T>(base, method, path, body, { ...o, timeoutMs })
        if ('response' in a) return a.response
        lastError = a.error
        if (a.trust) trustRefusal ??= a.error
        if (a.refused) refuse(base, a.error)
        else if (list[index] === base) moveOn(a.error)
      }
      // Every station refused for being on another chain: that is a setting to fix, not an outage.
      if (list.every((u) => refused.has(u))) {
        const [first] = refused.values()
        throw new EvswapError(first!, {
          details: [...refused].map(([s, r]) => `${s}: ${r}`).join('\n'),
          hint: 'give the device a station of the network it was enrolled on (--station), or re-enrol it on purpose',
          code: 'STATION_REFUSED',
        })
      }
      // A station refused for its certificate is a setting to fix, not an outage: that sentence comes first.
      if (trustRefusal) {
        throw new EvswapError(trustRefusal, {
          details: `no station answers (${list.join(', ')}): last error ${lastError}`,
          hint: 'requests wait in the outbox and are sent once a station is trusted and answers',
          code: 'STATION_TLS',
        })
      }
      throw new EvswapError('no station answers', {
        details: `${list.join(', ')}: last error ${lastError}${refused.size ? `; refused: ${[...refused.values()].join('; ')}` : ''}`,
        hint: 'check the network; requests stay in the outbox and are resent when a station answers',
        code: 'NO_STATION',
      })
    },
  }
}
