import type { ServerResponse } from 'node:http'

/** Writes JSON with bigints as decimal strings. */
export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body, (_k, v) => (typeof v === 'bigint' ? v.toString() : v))
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' })
  res.end(text)
}

/** The error body of docs/api.md. */
export function sendError(res: ServerResponse, status: number, code: string, message: string, extra: { field?: string; hint?: string } = {}): void {
  sendJson(res, status, { error: { code, message, ...extra } })
}
