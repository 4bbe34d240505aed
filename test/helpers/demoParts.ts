// What security tests need from a running demo (src/rich/startDemo.ts): its accounts' keys, the stations'
// relayer addresses, a chain client, the device tokens, and a plain HTTP client that never throws on a status.
import { request as httpsRequest } from 'node:https'
import { join } from 'node:path'
import { createPublicClient, http, type Address, type PublicClient } from 'viem'
import { mnemonicToAccount, type PrivateKeyAccount } from 'viem/accounts'
import { ANVIL_MNEMONIC } from '../../src/rich/node/anvilMnemonic.js'
import type { Demo } from '../../src/rich/startDemo.js'
import { loadOrCreateDeviceKey } from '../../src/thin/keystore/loadOrCreateDeviceKey.js'

/** startDemo's passphrase when none is given (and EVSWAP_PASSPHRASE is unset). */
export const DEMO_PASSPHRASE = 'evswap-demo-only'

export type DemoParts = {
  /** anvil's JSON-RPC URL (the demo's basePort). */
  rpcUrl: string
  publicClient: PublicClient
  station1: string
  station2: string
  /** The EV device's local API (no fragment). */
  ev: string
  tokens: { ev: string; station1: string; station2: string; super: string }
  /** The relayers of station 1 and 2 (anvil dev keys 1 and 2): they pay every relayed request's gas. */
  relayers: { station1: Address; station2: Address }
  /** The demo's device keys, decrypted from their keystores with the demo passphrase. */
  keys(): Promise<{ ev: PrivateKeyAccount; station1: PrivateKeyAccount; station2: PrivateKeyAccount; super: PrivateKeyAccount }>
}

const base = (url: string) => url.split('#')[0]!.replace(/\/+$/, '')
const token = (url: string) => url.split('#token=')[1] ?? ''

/**
 * The parts of a demo started on `basePort` in `dir`.
 *
 * @example
 * const parts = demoParts(demo, dir, basePort)
 * const { ev } = await parts.keys()
 */
export function demoParts(demo: Demo, dir: string, basePort: number): DemoParts {
  const rpcUrl = `http://127.0.0.1:${basePort}`
  for (const url of [demo.urls.station1, demo.urls.station2]) if (url.startsWith('https:')) trustedCa.set(new URL(url).origin, demo.tls.caPem)
  return {
    rpcUrl,
    publicClient: createPublicClient({ transport: http(rpcUrl), pollingInterval: 100 }),
    station1: base(demo.urls.station1),
    station2: base(demo.urls.station2),
    ev: base(demo.urls.ev),
    tokens: { ev: token(demo.urls.ev), station1: token(demo.urls.station1), station2: token(demo.urls.station2), super: token(demo.urls.super) },
    relayers: {
      station1: mnemonicToAccount(ANVIL_MNEMONIC, { addressIndex: 1 }).address,
      station2: mnemonicToAccount(ANVIL_MNEMONIC, { addressIndex: 2 }).address,
    },
    async keys() {
      const load = (d: string) => loadOrCreateDeviceKey({ dir: join(dir, d), passphrase: DEMO_PASSPHRASE })
      return { ev: await load('ev'), station1: await load('station1'), station2: await load('station2'), super: await load('super') }
    },
  }
}

export type HttpAnswer = { status: number; body: any; text: string; headers: Headers; ms: number } // eslint-disable-line @typescript-eslint/no-explicit-any -- bodies are checked field by field

/** The CA each https origin's certificate must chain to (a demo's stations, registered by demoParts). */
const trustedCa = new Map<string, string>()

/**
 * One HTTP request; answers the status and the body (parsed when JSON) whatever the status. A JSON body is
 * sent as is when `body` is a string, else stringified. An https URL of a demo's station is checked against
 * that demo's CA (Node 20's fetch takes no CA, so those go over node:https).
 */
export async function httpJson(
  url: string,
  o: { method?: string; body?: unknown; headers?: Record<string, string>; timeoutMs?: number } = {},
): Promise<HttpAnswer> {
  const t0 = performance.now()
  const method = o.method ?? (o.body === undefined ? 'GET' : 'POST')
  const headers = { ...(o.body === undefined ? {} : { 'content-type': 'application/json' }), ...o.headers }
  const body = o.body === undefined ? undefined : typeof o.body === 'string' ? o.body : JSON.stringify(o.body)
  const signal = AbortSignal.timeout(o.timeoutMs ?? 60_000)
  const { status, text, headers: answerHeaders } = url.startsWith('https:')
    ? await httpsText(url, { method, headers, body, signal, ca: trustedCa.get(new URL(url).origin) })
    : await fetch(url, { method, headers, ...(body === undefined ? {} : { body }), signal }).then(async (res) => ({ status: res.status, text: await res.text(), headers: res.headers }))
  let parsed: unknown = text
  try {
    parsed = text ? JSON.parse(text) : null
  } catch {
    // not JSON: keep the text
  }
  return { status, body: parsed, text, headers: answerHeaders, ms: performance.now() - t0 }
}

function httpsText(url: string, o: { method: string; headers: Record<string, string>; body: string | undefined; signal: AbortSignal; ca: string | undefined }): Promise<{ status: number; text: string; headers: Headers }> {
  return new Promise((resolve, reject) => {
    const req = httpsRequest(url, { method: o.method, headers: o.headers, signal: o.signal, ...(o.ca ? { ca: o.ca } : {}) }, (res) => {
      res.setEncoding('utf8')
      let text = ''
      res.on('data', (d: string) => (text += d)).on('error', reject).on('end', () => {
        const headers = new Headers()
        for (const [k, v] of Object.entries(res.headers)) if (v !== undefined) headers.set(k, Array.isArray(v) ? v.join(', ') : v)
        resolve({ status: res.statusCode ?? 0, text, headers })
      })
    })
    req.on('error', reject)
    req.end(o.body)
  })
}
