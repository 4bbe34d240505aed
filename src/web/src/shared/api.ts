import type {
  AccountView,
  ChargeSession,
  ChargerState,
  BatteryView,
  Cents,
  DeviceBattery,
  DeviceState,
  HoldTerms,
  HoldTermsView,
  HistoryEntry,
  LedgerPage,
  NetworkOverview,
  NetworkView,
  OperationName,
  OperationResult,
  Quote,
  StationInfo,
  StationPlace,
  SwapView,
  VotesView,
} from './types'
import type { PassportDoc, PassportTier } from '../passport/passportDoc'
import type { DaySwap, LedgerDay, StockLevels, SwapDay, SwapHour } from './statsTypes'

/** An answer the device refused, or no answer at all (status 0). Carries the API's message and hint. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly hint?: string,
    readonly field?: string,
  ) {
    super(message)
    this.name = 'ApiError'
  }
}

export type EnergyBody = { batteryId: number; energyWh: number; socPermille: number; duration: number }

function isOperationResult(v: unknown): v is OperationResult {
  return !!v && typeof v === 'object' && 'status' in v && 'label' in v && 'latencyMs' in v
}

/**
 * The device's local API (same origin), typed. Every call sends the token as a Bearer header.
 * Operations answer an `OperationResult`, with status `failed` (HTTP 422) when the chain refused it;
 * anything else that is not 2xx throws an `ApiError` with the API's message and hint.
 */
export function createApi(token: string) {
  async function request<T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> {
    let res: Response
    try {
      res = await fetch(path, {
        method,
        headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        cache: 'no-store',
      })
    } catch {
      throw new ApiError(0, 'offline', 'the device did not answer', 'check that the device is running, then reload')
    }
    const text = await res.text()
    let json: unknown = null
    try {
      json = text ? JSON.parse(text) : null
    } catch {
      // not JSON: handled below
    }
    const err = (json as { error?: unknown } | null)?.error
    if (err && typeof err === 'object') {
      const e = err as { code?: string; message?: string; hint?: string; field?: string }
      throw new ApiError(res.status, e.code ?? 'error', e.message ?? `HTTP ${res.status}`, e.hint, e.field)
    }
    if (res.ok) return json as T
    if (method === 'POST' && isOperationResult(json)) return json as T
    throw new ApiError(res.status, 'http', `the device answered HTTP ${res.status}`, text && !json ? text.slice(0, 200) : undefined)
  }
  // Several views read the same list on the same change (swaps, stations...): one request in flight per path.
  const inflight = new Map<string, Promise<unknown>>()
  const get = <T,>(path: string): Promise<T> => {
    const running = inflight.get(path)
    if (running) return running as Promise<T>
    const p = request<T>('GET', path).finally(() => inflight.delete(path))
    inflight.set(path, p)
    return p
  }
  const post = (path: string, body: unknown = {}) => request<OperationResult>('POST', path, body)

  return {
    token,
    device: () => get<DeviceState>('/api/device'),
    /** Rewrites a battery's USB file from the chain (what a stale_file alert asks for); 409 when it cannot. */
    repairFile: (batteryId: number) => request<DeviceBattery>('POST', `/api/device/batteries/${batteryId}/repair`, {}),
    /** Every registered station, or only station `stationId`. */
    stations: (stationId?: number) => get<StationInfo[]>(`/api/device/stations${stationId === undefined ? '' : `?station=${stationId}`}`),
    quote: (ev: number, station: number) => get<Quote>(`/api/device/quote?ev=${ev}&station=${station}`),
    swaps: () => get<SwapView[]>('/api/device/swaps'),
    /** A battery's passport from the station; the legitimate tier is signed with this device's key (403 from the station when it may not read it). */
    passport: (batteryId: number, tier: PassportTier) => get<PassportDoc>(`/api/device/passport/${batteryId}?tier=${tier}`),
    history: (batteryId: number) => get<HistoryEntry[]>(`/api/device/batteries/${batteryId}/history`),
    accounts: () => get<AccountView[]>('/api/device/accounts'),
    /** This device's account's E-coin movements, newest first; `before` is the `next` of the page before. */
    ledger: (limit: number, before?: string) => get<LedgerPage>(`/api/device/ledger?limit=${limit}${before ? `&before=${encodeURIComponent(before)}` : ''}`),
    network: () => get<NetworkView>('/api/device/network'),
    allBatteries: () => get<BatteryView[]>('/api/device/all-batteries'),
    paused: () => get<{ paused: boolean }>('/api/device/paused'),
    /** The view of the network of the station serving this GUI (station API, like the votes; 404 from a device). */
    networkOverview: () => get<NetworkOverview>('/api/network/overview'),
    /** The same, of the station this device uses, through the device (a GUI a device serves). */
    deviceNetworkOverview: () => get<NetworkOverview>('/api/device/network/overview'),
    /** The station's `head` events (station API, public): the network page refreshes on each new block. */
    heads: (account: string) => new EventSource(`/api/events?account=${account}`),
    /** The station's own node's Clique votes (station API, not the device's: only a station serves it). */
    votes: () => get<VotesView>('/api/network/votes'),
    /** Casts this station operator's vote on its own node; the token is the operator's credential. */
    vote: (b: { address: string; vote: 'add' | 'remove' | 'discard' }) => request<VotesView>('POST', '/api/network/votes', b),

    discharge: (b: EnergyBody) => post('/api/device/discharge', b),
    charge: (b: EnergyBody) => post('/api/device/charge', b),
    recycle: (batteryId: number) => post('/api/device/recycle', { batteryId }),
    /** The station's charger: start (at `powerW`, default its rating), stop, and the station's power limit. */
    startCharge: (batteryId: number, powerW?: number) => request<ChargeSession>('POST', '/api/device/charger/start', { batteryId, ...(powerW ? { powerW } : {}) }),
    stopCharge: (batteryId: number) => request<ChargeSession>('POST', '/api/device/charger/stop', { batteryId }),
    setPowerLimit: (limitW: number) => request<ChargerState>('POST', '/api/device/charger/limit', { limitW }),
    requestSwap: (b: { evBatteryId: number; stationBatteryId: number; maxCost?: Cents }) => post('/api/device/swaps', b),
    /** Approve and deny name the swap as shown (its batteries and difference): a fork that gave its id to another request makes them fail. */
    swapAction: (s: Pick<SwapView, 'id' | 'evBatteryId' | 'stationBatteryId' | 'difference'>, action: 'cancel' | 'approve' | 'deny') =>
      post(`/api/device/swaps/${s.id}/${action}`, action === 'cancel' ? {} : { evBatteryId: s.evBatteryId, stationBatteryId: s.stationBatteryId, difference: s.difference }),

    register: (b: { account: string; role: 'EVOwner' | 'StationOperator'; unitId: number }) => post('/api/device/admin/register', b),
    /** Super account: a station's whole place, location included. */
    setStationPlace: (b: { stationId: number; place: StationPlace }) => post('/api/device/admin/station-place', b),
    /** Station operator: its station's name, address, hours and formats (the location must stay as the super account set it). */
    updateStationPlace: (place: StationPlace) => post('/api/device/station-place', { place }),
    grant: (b: { to: string; amount: Cents }) => post('/api/device/admin/grant', b),
    setFee: (b: { operation: OperationName; fee: Cents }) => post('/api/device/admin/fee', b),
    setEnergyPrice: (b: { pricePerKWh: Cents }) => post('/api/device/admin/energy-price', b),
    setPaused: (paused: boolean) => post('/api/device/admin/paused', { paused }),
    setSuspended: (account: string, suspended: boolean) => post('/api/device/admin/suspend', { account, suspended }),
    setHoldTerms: (b: HoldTerms) => post('/api/device/admin/hold-terms', b),
    holdTerms: () => get<HoldTermsView>('/api/device/hold-terms'),
    holdBattery: (batteryId: number) => post('/api/device/holds', { batteryId }),
    releaseHold: (batteryId: number) => post(`/api/device/holds/${batteryId}/release`),

    /**
     * The operator dashboard's figures. Station API routes, not the device's: a station serves its own GUI
     * (same origin), and its own index is the one to ask; a device's GUI gets 404 for them.
     */
    stats: {
      swapsByHour: (unit: number, day: string) => get<SwapHour[]>(`/api/stats/swaps-by-hour?unit=${unit}&day=${day}`),
      swapsByDay: (unit: number, from: string, to: string) => get<SwapDay[]>(`/api/stats/swaps-by-day?station=${unit}&from=${from}&to=${to}`),
      eCoinByDay: (unit: number, from: string, to: string) => get<LedgerDay[]>(`/api/stats/ecoin-by-day?unit=${unit}&from=${from}&to=${to}`),
      stockLevels: (unit: number) => get<StockLevels>(`/api/stats/stock-levels?unit=${unit}`),
      daySwaps: (unit: number, day: string) => get<DaySwap[]>(`/api/stats/day-swaps?unit=${unit}&day=${day}`),
      /** A plain link (a download needs no token: the route is public chain data). */
      swapsCsvUrl: (unit: number, day: string) => `/api/stats/swaps.csv?unit=${unit}&day=${day}`,
    },

    /** Server-sent `state` events (EventSource cannot send headers, so the token goes in the query). */
    events: () => new EventSource(`/api/device/events?token=${encodeURIComponent(token)}`),
    /** Server-sent `stations` events whenever the chain changes what stations hold or where they are (the finder's live feed). */
    stationEvents: () => new EventSource(`/api/device/stations/events?token=${encodeURIComponent(token)}`),
  }
}

export type Api = ReturnType<typeof createApi>
