import { useEffect, useState } from 'react'

/**
 * The passport the address asks for: `#passport=<id>` gives the text after `=` (validated by the page, so
 * a wrong number gets a sentence), anything else `null`.
 */
export function passportHashOf(hash: string): string | null {
  const m = /^#passport=(.*)$/.exec(hash)
  return m ? decodeURIComponent(m[1] ?? '') : null
}

/** `#passport=<id>` as it is now, following the address bar (a Passport link, the back button). */
export function usePassportHash(): string | null {
  const [value, setValue] = useState(() => passportHashOf(window.location.hash))
  useEffect(() => {
    const follow = () => setValue(passportHashOf(window.location.hash))
    window.addEventListener('hashchange', follow)
    return () => window.removeEventListener('hashchange', follow)
  }, [])
  return value
}

/** A battery number from the address, or null when it is not one. */
export function batteryIdOf(text: string): number | null {
  return /^\d{1,10}$/.test(text) && Number(text) >= 1 && Number(text) <= 0xffffffff ? Number(text) : null
}

/** The address of battery `id`'s passport page in this GUI. */
export function passportHref(id: number): string {
  return `#passport=${id}`
}
