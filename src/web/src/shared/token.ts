const KEY = 'evswap.token'

/**
 * The device's API token: read once from the URL fragment (`#token=…`, which the device prints at start
 * and which never reaches a server log), kept in sessionStorage, and wiped from the address bar.
 */
export function takeToken(): string | null {
  const m = /(?:^#|[#&])token=([^&]+)/.exec(window.location.hash)
  if (m?.[1]) {
    const token = decodeURIComponent(m[1])
    try {
      sessionStorage.setItem(KEY, token)
    } catch {
      // storage disabled: the token lives for this page only
    }
    window.history.replaceState(null, '', window.location.pathname + window.location.search)
    return token
  }
  try {
    return sessionStorage.getItem(KEY)
  } catch {
    return null
  }
}

export function saveToken(token: string): void {
  try {
    sessionStorage.setItem(KEY, token)
  } catch {
    // ignore
  }
}

export function forgetToken(): void {
  try {
    sessionStorage.removeItem(KEY)
  } catch {
    // ignore
  }
}
