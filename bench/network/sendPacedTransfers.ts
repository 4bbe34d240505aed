import { setTimeout as delay } from 'node:timers/promises'
import { type Hex, parseGwei } from 'viem'
import { privateKeyToAccount } from 'viem/accounts'
import { type Station, nodeRpc } from '../../src/network/index.js'

/** What {@link sendPacedTransfers} did. */
export type PacedLoad = {
  sent: number
  /** Refused by the node (eth_sendRawTransaction failed). */
  refused: number
  /** Of the sent ones, how many were in the node's chain once the load ended (the sender's mined nonce). */
  confirmed: number
  /** From the first send to the moment the last confirmed one was seen (ms). */
  elapsedMs: number
}

/**
 * Sends `ratePerSecond` plain value transfers (21,000 gas each) to one station's node over its IPC socket,
 * evenly paced for `seconds`, signed here by one funded key with consecutive nonces; then waits (at most
 * `drainMs`) until the node's chain holds them all. The same load at every network size, so CPU per
 * confirmed transfer compares across sizes.
 *
 * @example
 * const load = await sendPacedTransfers({ node: signers[0], key, chainId: 20180, ratePerSecond: 20, seconds: 60 })
 */
export async function sendPacedTransfers(o: {
  node: Station
  key: Hex
  chainId: number
  ratePerSecond: number
  seconds: number
  drainMs?: number
}): Promise<PacedLoad> {
  const account = privateKeyToAccount(o.key)
  const start = Number(await nodeRpc<Hex>(o.node, 'eth_getTransactionCount', [account.address, 'pending']))
  const total = Math.round(o.ratePerSecond * o.seconds)
  const t0 = performance.now()
  let nonce = start
  let refused = 0
  const inFlight: Promise<void>[] = []
  for (let i = 0; i < total; i++) {
    const due = t0 + (i * 1000) / o.ratePerSecond
    const wait = due - performance.now()
    if (wait > 0) await delay(wait)
    const raw = await account.signTransaction({
      type: 'eip1559',
      chainId: o.chainId,
      nonce: nonce++,
      // Each to a new address, as payments to many parties would be.
      to: `0x${(0x1000 + i).toString(16).padStart(40, '0')}`,
      value: 1n,
      gas: 21_000n,
      maxFeePerGas: parseGwei('20'),
      maxPriorityFeePerGas: parseGwei('1'),
    })
    inFlight.push(
      nodeRpc<Hex>(o.node, 'eth_sendRawTransaction', [raw], 10_000).then(
        () => undefined,
        () => void refused++,
      ),
    )
  }
  await Promise.all(inFlight)
  const end = start + total
  const deadline = performance.now() + (o.drainMs ?? 30_000)
  let mined = start
  for (;;) {
    mined = Number(await nodeRpc<Hex>(o.node, 'eth_getTransactionCount', [account.address, 'latest']))
    if (mined >= end || performance.now() > deadline) break
    await delay(100)
  }
  return { sent: total, refused, confirmed: mined - start, elapsedMs: Math.round(performance.now() - t0) }
}
