import { useEffect, useState } from 'react'
import { useDevice } from '../../shared/device'

/**
 * A number that grows with each change the stations' event stream reports (stock, places), for a list to
 * reload on; and whether that stream is open now. While it is not, the device's own polling keeps the list
 * fresh, more slowly.
 */
export function useStationEvents(): { tick: number; live: boolean } {
  const { api } = useDevice()
  const [tick, setTick] = useState(0)
  const [live, setLive] = useState(false)
  useEffect(() => {
    const es = api.stationEvents()
    es.onopen = () => setLive(true)
    es.onerror = () => setLive(false)
    es.addEventListener('stations', () => {
      setLive(true)
      setTick((t) => t + 1)
    })
    es.addEventListener('stations-down', () => setLive(false))
    return () => es.close()
  }, [api])
  return { tick, live }
}
