// What security tests need from a running demo (src/rich/startDemo.ts): its accounts' keys, the stations'
// relayer addresses, a chain client, the device tokens, and a plain HTTP client that never throws on a status.
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

/**
 * One HTTP request; answers the status and the body (parsed when JSON) whatever the status. A JSON body is
 * sent as is when `body` is a string, else stringified.
 */
export async function httpJson(
  url: string,
  o: { method?: string; body?: unknown; headers?: Record<string, string>; timeoutMs?: number } = {},
): Promise<HttpAnswer> {
  const t0 = performance.now()
  const res = await fetch(url, {
    method: o.method ?? (o.body === undefined ? 'GET' : 'POST'),
    headers: { ...(o.body === undefined ? {} : { 'content-type': 'application/json' }), ...o.headers },
    ...(o.body === undefined ? {} : { body: typeof o.body === 'string' ? o.body : JSON.stringify(o.body) }),
    signal: AbortSignal.timeout(o.timeoutMs ?? 60_000),
  })
  const text = await res.text()
  let body: unknown = text
  try {
    body = text ? JSON.parse(text) : null
  } catch {
    // not JSON: keep the text
  }
  return { status: res.status, body, text, headers: res.headers, ms: performance.now() - t0 }
}
