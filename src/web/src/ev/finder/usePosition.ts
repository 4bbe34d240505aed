import { useCallback, useState } from 'react'
import type { Position } from '../../shared/types'

/** Where the position the finder measures from came from, in words for the page. */
export type PositionSource = 'config' | 'browser' | 'typed'
export type PositionState = { position: Position | null; source: PositionSource | null; problem: string | null }

/**
 * The EV's position: a reading taken here (the browser's geolocation, or typed) wins over the device's
 * configured one (`evswap device --position`), which is used until then.
 */
export function usePosition(configured: Position | null | undefined) {
  const [reading, setReading] = useState<{ position: Position; source: PositionSource } | null>(null)
  const [problem, setProblem] = useState<string | null>(null)
  const [locating, setLocating] = useState(false)

  const locate = useCallback(() => {
    if (!('geolocation' in navigator)) return setProblem('This browser cannot tell its position: type it instead.')
    setLocating(true)
    navigator.geolocation.getCurrentPosition(
      (p) => {
        setLocating(false)
        setProblem(null)
        setReading({ position: { latitude: p.coords.latitude, longitude: p.coords.longitude }, source: 'browser' })
      },
      (e) => {
        setLocating(false)
        setProblem(e.code === e.PERMISSION_DENIED ? 'The browser was not allowed to tell its position: allow it, or type the position.' : `The browser could not tell its position (${e.message}): type it instead.`)
      },
      { timeout: 15_000, maximumAge: 60_000 },
    )
  }, [])
  const type = useCallback((position: Position) => {
    setProblem(null)
    setReading({ position, source: 'typed' })
  }, [])

  const state: PositionState = reading
    ? { position: reading.position, source: reading.source, problem }
    : { position: configured ?? null, source: configured ? 'config' : null, problem }
  return { ...state, locating, locate, type }
}
