import { useEffect, useRef } from 'react'
import { useDevice } from '../shared/device'

/** At most one refresh a second: a 1 s Clique period would otherwise stack requests on a slow link. */
const MIN_GAP_MS = 1000

/**
 * Calls `onHead` on each new block the station reports on its event stream (`event: head`), at most once a
 * second, the last one always. The stream is filtered to this device's own account, so it carries the heads
 * and little else. A GUI not served by a station has no such stream; the device's own refreshes remain.
 *
 * @example
 * useHeads(() => overview.reload(), true)
 */
export function useHeads(onHead: () => void, enabled: boolean): void {
  const { api, state } = useDevice()
  const callback = useRef(onHead)
  callback.current = onHead
  useEffect(() => {
    if (!enabled) return
    let last = 0
    let timer: ReturnType<typeof setTimeout> | undefined
    const fire = () => {
      timer = undefined
      last = performance.now()
      callback.current()
    }
    const es = api.heads(state.address)
    es.addEventListener('head', () => {
      if (timer) return
      timer = setTimeout(fire, Math.max(0, last + MIN_GAP_MS - performance.now()))
    })
    return () => {
      clearTimeout(timer)
      es.close()
    }
  }, [api, state.address, enabled])
}
