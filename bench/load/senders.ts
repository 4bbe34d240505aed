import { decodeEventLog, encodeEventTopics, type Hex, keccak256, type LocalAccount, parseGwei } from 'viem'
import { batteryInterfaceAbi } from '../../src/sdk/abi/batteryInterface.js'
import type { EvswapCall } from '../../src/sdk/calls/EvswapCall.js'
import type { Deployment } from '../../src/sdk/deployment.js'
import { signForwardRequest } from '../../src/sdk/forwarder/signForwardRequest.js'
import type { BlockWatcher } from './createBlockWatcher.js'
import type { HttpClient } from './createHttpClient.js'

/** A simulated device's account: its key and both of its nonces, tracked locally (one request in flight). */
export type SimAccount = {
  key: LocalAccount
  /** 1-based station the device talks to. */
  station: number
  /** Next forwarder nonce (relay mode). */
  fwdNonce: bigint
  /** Next transaction nonce (direct mode). */
  txNonce: number
}

/** How one operation ended, as the device saw it. */
export type OpOutcome = {
  ok: boolean
  /** It ran on chain (and used a nonce), successful or reverted. */
  executed: boolean
  /** Neither confirmed nor refused: the device could not tell (counted as lost unless the chain shows it). */
  unknown?: boolean
  error?: string
  txHash?: Hex
  gasUsed?: number
  swapId?: number
  /** A swap request's difference (cents): its approval names it. */
  swapDifference?: bigint
  retries: number
  /** Block that holds it (as the device was told). */
  blockNumber?: number
  /** Milliseconds until the relay accepted it (202) or the node took the transaction; the rest is waiting for the block. */
  submitMs?: number
}

export type Sender = (account: SimAccount, call: EvswapCall) => Promise<OpOutcome>

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))
type RelayStatusBody = { status: string; success?: boolean; error?: string; txHash?: Hex; blockNumber?: number | string; events?: { event: string; args: Record<string, unknown> }[] }

/**
 * The way of this project: the device signs an EIP-712 forward request and POSTs it to its station's
 * `/api/relay`, then long-polls `GET /api/relay/:id?wait=1` until it is confirmed or failed. Refusals a
 * device is meant to handle (nonce moved, rate limited, station briefly unavailable) are retried.
 *
 * @example
 * const send = relaySender({ http, stations: urls, deployment })
 * const outcome = await send(account, dischargeCall(d, { batteryId, energyWh, socPermille, duration }))
 */
export function relaySender(o: { http: HttpClient; stations: readonly string[]; deployment: Deployment }): Sender {
  const resync = async (a: SimAccount, url: string) => {
    const r = await o.http.json<{ nonce: string }>('GET', `${url}/api/nonce/${a.key.address}`)
    if (r.status === 200) a.fwdNonce = BigInt(r.body.nonce)
  }
  return async (a, call) => {
    const url = o.stations[a.station - 1]!
    let retries = 0
    const t0 = performance.now()
    for (;;) {
      const signed = await signForwardRequest({ account: a.key, deployment: o.deployment, call, nonce: a.fwdNonce, deadline: Math.floor(Date.now() / 1000) + 3600 })
      // As the thin client does: the POST waits for the outcome (200), or answers 202 after 30 s.
      const r = await o.http.json<RelayStatusBody & { id?: string; error?: { code: string; message: string } }>('POST', `${url}/api/relay?wait=1`, signed, 45_000)
      if ((r.status === 200 || r.status === 202) && r.body.id) {
        // Known only when the POST answered before the outcome; the relay's stats time its checks anyway.
        const submitMs = r.status === 202 ? Math.round(performance.now() - t0) : undefined
        for (let polls = 0; polls < 20; polls++) {
          const s = polls === 0 && r.status === 200 ? r : await o.http.json<RelayStatusBody>('GET', `${url}/api/relay/${r.body.id}?wait=1`, undefined, 45_000)
          if (s.status === 200 && (s.body.status === 'confirmed' || s.body.status === 'failed')) {
            const ok = s.body.status === 'confirmed' && s.body.success !== false
            const executed = s.body.status === 'confirmed' || s.body.success === false
            if (executed) a.fwdNonce += 1n
            else await resync(a, url)
            const swap = s.body.events?.find((e) => e.event === 'SwapRequested')
            return {
              ok,
              executed,
              retries,
              ...(submitMs !== undefined ? { submitMs } : {}),
              ...(s.body.txHash ? { txHash: s.body.txHash } : {}),
              ...(s.body.blockNumber !== undefined ? { blockNumber: Number(s.body.blockNumber) } : {}),
              ...(ok ? {} : { error: s.body.error ?? 'failed' }),
              ...(swap ? { swapId: Number(swap.args.swapId), swapDifference: BigInt(swap.args.difference as string) } : {}),
            }
          }
          if (s.status === 404) break
        }
        // The station lost track of it: the chain nonce tells whether it ran.
        const before = a.fwdNonce
        await resync(a, url)
        return { ok: false, executed: a.fwdNonce > before, unknown: true, error: 'the relay lost track of the request', retries }
      }
      const code = r.body?.error?.code ?? `HTTP ${r.status}`
      if ((code === 'replayed' || code === 'nonce_ahead') && retries < 5) {
        retries++
        await resync(a, url)
        continue
      }
      if (code === 'reorg_pending' && retries < 30) {
        // A fork undid this device's last confirmed request; its station runs it again, then the nonce moves on.
        retries++
        await sleep(500)
        await resync(a, url)
        continue
      }
      if ((r.status === 429 || r.status === 503 || code === 'duplicate') && retries < 30) {
        retries++
        await sleep(100 * Math.min(retries, 10))
        continue
      }
      return { ok: false, executed: false, error: `${code}: ${r.body?.error?.message ?? ''}`.slice(0, 200), retries }
    }
  }
}

/**
 * The paper's way: one transaction per operation, signed by the device's own funded key (the app signs raw
 * transactions; no account is unlocked on a node), sent to its station's node with eth_sendRawTransaction
 * and confirmed when the node's block shows its receipt. No relay, no batching.
 *
 * @example
 * const send = directSender({ http, nodes: urls, chainId, watchers })
 */
export function directSender(o: { http: HttpClient; nodes: readonly string[]; chainId: number; watchers: readonly BlockWatcher[] }): Sender {
  const maxFeePerGas = parseGwei('100')
  const maxPriorityFeePerGas = parseGwei('1')
  return async (a, call) => {
    const node = o.nodes[a.station - 1]!
    const watcher = o.watchers[a.station - 1]!
    let retries = 0
    const t0 = performance.now()
    for (;;) {
      const raw = await a.key.signTransaction({
        chainId: o.chainId,
        type: 'eip1559',
        to: call.to,
        data: call.data,
        gas: call.gas + 60_000n,
        nonce: a.txNonce,
        maxFeePerGas,
        maxPriorityFeePerGas,
      })
      const hash = keccak256(raw)
      const receipt = watcher.waitFor(hash, 120_000)
      const r = await o.http.json<{ result?: Hex; error?: { message: string } }>('POST', node, { jsonrpc: '2.0', id: 1, method: 'eth_sendRawTransaction', params: [raw] })
      if (r.body?.error || r.status !== 200) {
        watcher.cancel(hash)
        const message = r.body?.error?.message ?? `HTTP ${r.status}`
        if (/nonce too low|already known/i.test(message) && retries < 5) {
          retries++
          const n = await o.http.json<{ result: Hex }>('POST', node, { jsonrpc: '2.0', id: 1, method: 'eth_getTransactionCount', params: [a.key.address, 'pending'] })
          a.txNonce = Number(n.body.result)
          continue
        }
        return { ok: false, executed: false, error: message.slice(0, 200), retries }
      }
      const submitMs = Math.round(performance.now() - t0)
      const got = await receipt
      if (!got) return { ok: false, executed: false, unknown: true, error: 'no receipt within 120 s', txHash: hash, retries }
      a.txNonce += 1
      const ok = got.status === '0x1'
      // SwapRequested(uint32 indexed swapId, ...): the id is the first indexed topic.
      const swapLog = got.logs.find((l) => l.topics[0] === SWAP_REQUESTED_TOPIC)
      return {
        ok,
        executed: true,
        txHash: hash,
        gasUsed: Number(got.gasUsed),
        blockNumber: Number(got.blockNumber),
        retries,
        submitMs,
        ...(ok ? {} : { error: 'reverted' }),
        ...(swapLog?.topics[1] ? swapOf(swapLog) : {}),
      }
    }
  }
}

const SWAP_REQUESTED_TOPIC = encodeEventTopics({ abi: batteryInterfaceAbi, eventName: 'SwapRequested' })[0]

/** The id and difference of a SwapRequested log. */
function swapOf(log: { topics: Hex[]; data: Hex }): { swapId: number; swapDifference: bigint } {
  const { args } = decodeEventLog({ abi: batteryInterfaceAbi, eventName: 'SwapRequested', topics: log.topics as [Hex, ...Hex[]], data: log.data })
  return { swapId: args.swapId, swapDifference: args.difference }
}
