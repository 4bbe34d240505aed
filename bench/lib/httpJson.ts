/** The status and parsed JSON body of an HTTP answer. */
export type JsonResponse<T> = { status: number; body: T }

/**
 * One JSON request with a timeout (default 60 s). Bodies are JSON; a non-JSON answer comes back as text.
 *
 * @example
 * const { status, body } = await httpJson('POST', 'http://127.0.0.1:7100/api/device/discharge', payload, token)
 */
export async function httpJson<T = unknown>(method: 'GET' | 'POST', url: string, body?: unknown, token?: string, timeoutMs = 60_000): Promise<JsonResponse<T>> {
  const headers: Record<string, string> = {}
  if (body !== undefined) headers['content-type'] = 'application/json'
  if (token) headers.authorization = `Bearer ${token}`
  const res = await fetch(url, {
    method,
    headers,
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    signal: AbortSignal.timeout(timeoutMs),
  })
  const text = await res.text()
  let parsed: unknown = text
  try {
    parsed = text ? JSON.parse(text) : null
  } catch {
    // not JSON: keep the text
  }
  return { status: res.status, body: parsed as T }
}
