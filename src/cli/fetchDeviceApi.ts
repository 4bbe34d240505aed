import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { EvswapError } from '../sdk/errors/EvswapError.js'

/**
 * GETs `path` from a running device's local API with the token in `<dir>/api-token`; answers its HTTP
 * status and parsed JSON body. Every way it cannot (no device ran with that folder, nothing answers, another
 * device's folder, not JSON) is a sentence with what to pass instead.
 *
 * @example
 * const { status, body } = await fetchDeviceApi({ dir: '.evswap/demo/ev', host: '127.0.0.1', port: 7004 }, '/api/device')
 */
export async function fetchDeviceApi(o: { dir: string; host: string; port: number }, path: string): Promise<{ status: number; body: unknown }> {
  const tokenFile = join(o.dir, 'api-token')
  if (!existsSync(tokenFile)) {
    throw new EvswapError(`no device has run with --dir ${o.dir}: there is no API token (${tokenFile})`, {
      hint: "pass the --dir of the device you started (the demo's EV: --dir .evswap/demo/ev --port 7004), or start one with `evswap device --dir DIR --slot … --station …`",
    })
  }
  const token = readFileSync(tokenFile, 'utf8').trim()
  const where = `${o.host}:${o.port}`
  const res = await fetch(`http://${where}${path}`, { headers: { authorization: `Bearer ${token}` } }).catch((e: unknown) => {
    throw new EvswapError(`no device answers on ${where} (${(e as { cause?: { code?: string } }).cause?.code ?? String(e)})`, {
      hint: `start it with \`evswap device --dir ${o.dir} …\`, or pass the --port it printed at start (the demo's EV: 7004, or the demo's --port + 4)`,
    })
  })
  if (res.status === 401) {
    throw new EvswapError(`the device on ${where} answers, but refused the API token in ${tokenFile}: that folder is another device's`, {
      hint: `pass the --dir the device on port ${o.port} was started with (the demo's EV on 7004: --dir .evswap/demo/ev), or the --port of the device whose folder is ${o.dir}`,
    })
  }
  const text = await res.text()
  try {
    return { status: res.status, body: JSON.parse(text) as unknown }
  } catch {
    throw new EvswapError(`what answers on ${where} is not an evswap device (HTTP ${res.status}, not JSON)`, { hint: 'check --port and --host' })
  }
}
