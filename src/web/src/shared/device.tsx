import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react'
import { ApiError, createApi, type Api } from './api'
import type { DeviceState, OperationResult } from './types'

export type LiveState = 'connecting' | 'live' | 'offline'

type DeviceContextValue = {
  api: Api
  state: DeviceState
  /** Bumps whenever the device says something changed: lists that depend on the chain refetch on it. */
  version: number
  live: LiveState
  refresh(): Promise<void>
  /** The number of the last operation started on this page: a result box of an older one is history. */
  step: number
  /** Starts a new step (an operation), which retires every older result box; returns its number. */
  startStep(): number
}

const DeviceContext = createContext<DeviceContextValue | null>(null)

export function useDevice(): DeviceContextValue {
  const v = useContext(DeviceContext)
  if (!v) throw new Error('useDevice outside <DeviceProvider>')
  return v
}

export function toApiError(e: unknown): ApiError {
  if (e instanceof ApiError) return e
  return new ApiError(0, 'client', e instanceof Error ? e.message : String(e))
}

/** Polls this often as a safety net (prices move with other units' operations, which send no event here). */
const SLOW_POLL_MS = 15_000
/** ...and this often while the event stream is down. */
const FAST_POLL_MS = 4_000

/**
 * Loads `GET /api/device`, keeps it fresh from the device's `state` events (refetching on each, coalesced),
 * and renders `children` with it; loading, error and bad-token states are handled here.
 */
export function DeviceProvider(props: { token: string; onUnauthorized(error: ApiError): void; children: ReactNode; loading: ReactNode; renderError(e: ApiError, retry: () => void): ReactNode }) {
  const api = useMemo(() => createApi(props.token), [props.token])
  const [state, setState] = useState<DeviceState | null>(null)
  const [error, setError] = useState<ApiError | null>(null)
  const [version, setVersion] = useState(0)
  const [live, setLive] = useState<LiveState>('connecting')
  const [step, setStep] = useState(0)
  const lastStep = useRef(0)
  const startStep = useCallback(() => {
    lastStep.current += 1
    setStep(lastStep.current)
    return lastStep.current
  }, [])
  const inflight = useRef<Promise<void> | null>(null)
  const again = useRef(false)
  const onUnauthorized = useRef(props.onUnauthorized)
  onUnauthorized.current = props.onUnauthorized

  const refresh = useCallback((): Promise<void> => {
    if (inflight.current) {
      again.current = true
      return inflight.current
    }
    const run = async () => {
      do {
        again.current = false
        try {
          const s = await api.device()
          setState(s)
          setError(null)
        } catch (e) {
          const err = toApiError(e)
          if (err.status === 401) onUnauthorized.current(err)
          setError(err)
        }
        setVersion((v) => v + 1)
      } while (again.current)
    }
    const p = run().finally(() => {
      inflight.current = null
    })
    inflight.current = p
    return p
  }, [api])

  useEffect(() => {
    void refresh()
  }, [refresh])

  // Live updates: on each `state` event, refetch (events come in bursts, so coalesce them).
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined
    const es = api.events()
    es.onopen = () => {
      setLive('live')
      void refresh() // whatever happened while we were not listening
    }
    es.onerror = () => setLive(es.readyState === EventSource.CLOSED ? 'offline' : 'connecting')
    es.addEventListener('state', () => {
      clearTimeout(timer)
      timer = setTimeout(() => void refresh(), 100)
    })
    return () => {
      clearTimeout(timer)
      es.close()
    }
  }, [api, refresh])

  useEffect(() => {
    const id = setInterval(() => void refresh(), live === 'live' ? SLOW_POLL_MS : FAST_POLL_MS)
    return () => clearInterval(id)
  }, [live, refresh])

  const value = useMemo(() => (state ? { api, state, version, live, refresh, step, startStep } : null), [api, state, version, live, refresh, step, startStep])
  if (!value) return <>{error ? props.renderError(error, () => void refresh()) : props.loading}</>
  return (
    <DeviceContext.Provider value={value}>
      {error && <div className="stale-banner">Showing the last known state: {error.message}</div>}
      {props.children}
    </DeviceContext.Provider>
  )
}

/**
 * GETs `load()` now, whenever `deps` change, and whenever the device reports a change. Keeps the last data
 * while refetching; data for other deps is never shown (a quote for another pair, say).
 */
export function useFetch<T>(load: (() => Promise<T>) | null, deps: readonly unknown[]) {
  const { version } = useDevice()
  const key = JSON.stringify(deps)
  const [got, setGot] = useState<{ key: string; data: T } | null>(null)
  const [error, setError] = useState<{ key: string; error: ApiError } | null>(null)
  const [loading, setLoading] = useState(false)
  const [nonce, setNonce] = useState(0)
  const enabled = load !== null
  const loadRef = useRef(load)
  loadRef.current = load

  useEffect(() => {
    const fn = loadRef.current
    if (!fn) return
    let cancelled = false
    setLoading(true)
    fn().then(
      (data) => {
        if (cancelled) return
        setGot({ key, data })
        setError(null)
      },
      (e: unknown) => {
        if (!cancelled) setError({ key, error: toApiError(e) })
      },
    ).finally(() => {
      if (!cancelled) setLoading(false)
    })
    return () => {
      cancelled = true
    }
  }, [key, version, nonce, enabled])

  return {
    data: enabled && got?.key === key ? got.data : undefined,
    error: enabled && error?.key === key ? error.error : null,
    loading: enabled && loading,
    reload: () => setNonce((n) => n + 1),
  }
}

export type OperationState = {
  /** What the operation was, in words ("Approve swap 3"). */
  what: string
  pending: boolean
  result: OperationResult | null
  error: ApiError | null
}

/**
 * Runs an operation (a POST), keeping its result or error to show inline, and refreshes afterwards. The
 * result shows until the next step starts: another operation anywhere on the page, or `clear()` (which a
 * view calls when the chain moves on without this page, e.g. the station decides a swap the EV asked for).
 */
export function useOperation() {
  const { refresh, step, startStep } = useDevice()
  const [op, setOp] = useState<(OperationState & { step: number }) | null>(null)
  const run = useCallback(
    async (what: string, fn: () => Promise<OperationResult>): Promise<OperationResult | null> => {
      const mine = startStep()
      setOp({ what, pending: true, result: null, error: null, step: mine })
      try {
        const result = await fn()
        setOp({ what, pending: false, result, error: null, step: mine })
        return result
      } catch (e) {
        setOp({ what, pending: false, result: null, error: toApiError(e), step: mine })
        return null
      } finally {
        void refresh()
      }
    },
    [refresh, startStep],
  )
  const current = op && (op.pending || op.step === step) ? op : null
  const clear = useCallback(() => setOp(null), [])
  return { op: current, run, pending: op?.pending ?? false, clear }
}
