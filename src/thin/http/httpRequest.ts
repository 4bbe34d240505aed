import { openHttpResponse } from './openHttpResponse.js'
import type { StationTrust } from '../tls/StationTrust.js'

export type HttpRequestOptions = {
  method?: 'GET' | 'POST'
  headers?: Record<string, string>
  body?: string
  /** The whole exchange, body included, must finish within this. */
  timeoutMs: number
  /** Whom the device trusts over TLS (see openHttpResponse). */
  trust?: StationTrust
}

/**
 * A request and its whole body as text (and its ETag, if any), over node:http with a keep-alive socket (see openHttpResponse).
 * Fails with a TimeoutError after `timeoutMs`, and on connection errors.
 *
 * @example
 * const { status, text } = await httpRequest('http://127.0.0.1:7001/api/health', { timeoutMs: 10_000 })
 */
export async function httpRequest(url: string, o: HttpRequestOptions): Promise<{ status: number; text: string; etag?: string }> {
  const signal = AbortSignal.timeout(o.timeoutMs)
  const res = await openHttpResponse(url, { ...o, signal })
  res.setEncoding('utf8')
  let text = ''
  for await (const chunk of res) text += chunk as string
  const etag = res.headers.etag
  return { status: res.statusCode ?? 0, text, ...(etag ? { etag } : {}) }
}
