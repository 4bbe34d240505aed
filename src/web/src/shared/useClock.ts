import { useEffect, useState } from 'react'

/** The time now, in ms, renewed every `everyMs`: for countdowns that must move without new data. */
export function useClock(everyMs = 15_000): number {
  const [now, setNow] = useState(() => Date.now())
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), everyMs)
    return () => clearInterval(t)
  }, [everyMs])
  return now
}
