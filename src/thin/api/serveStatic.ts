import { createReadStream, existsSync, statSync } from 'node:fs'
import { extname, join, normalize } from 'node:path'
import type { ServerResponse } from 'node:http'

const types: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.json': 'application/json',
  '.ico': 'image/x-icon',
}

/** Serves the built GUI from `root`; unknown paths get index.html (the app routes itself). Returns false if there is no GUI build. */
export function serveStatic(root: string, urlPath: string, res: ServerResponse): boolean {
  if (!existsSync(join(root, 'index.html'))) return false
  let decoded: string
  try {
    decoded = decodeURIComponent(urlPath)
  } catch {
    decoded = '/' // a malformed %-escape (`/%E0%A4%A`) names no file: the app's page, as for any unknown path
  }
  const safe = normalize(decoded).replace(/^(\.\.[/\\])+/, '')
  let file = join(root, safe)
  if (!file.startsWith(root) || !existsSync(file) || statSync(file).isDirectory()) file = join(root, 'index.html')
  res.writeHead(200, { 'content-type': types[extname(file)] ?? 'application/octet-stream' })
  createReadStream(file).pipe(res)
  return true
}
