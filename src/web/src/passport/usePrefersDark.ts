import { useEffect, useState } from 'react'

const QUERY = '(prefers-color-scheme: dark)'

/** Whether the page is in its dark theme now, following the system's setting as it changes (a canvas does not follow CSS). */
export function usePrefersDark(): boolean {
  const [dark, setDark] = useState(() => window.matchMedia(QUERY).matches)
  useEffect(() => {
    const m = window.matchMedia(QUERY)
    const follow = () => setDark(m.matches)
    m.addEventListener('change', follow)
    return () => m.removeEventListener('change', follow)
  }, [])
  return dark
}
