import { Worker } from 'node:worker_threads'
import type { Hex } from 'viem'
import { privateKeyToAccount, toAccount, type LocalAccount } from 'viem/accounts'
import type { SignJob } from './signerWorker.js'

export type SignerPool = {
  /** An account whose typed-data and transaction signatures are made on a worker thread. */
  account(privateKey: Hex): LocalAccount
  close(): Promise<void>
}

/**
 * Signing for a thousand simulated devices off the simulator's event loop. In the field every device signs on
 * its own CPU; signing them all on the thread that also reads every HTTP answer made each answer wait behind
 * a queue of signatures (the simulator's event loop lagged up to 4 s, and every latency with it). The work
 * still runs on this machine's cores, so it is still counted.
 *
 * @example
 * const pool = createSignerPool(1)
 * const key = pool.account(privateKey)
 * await signForwardRequest({ account: key, ... })
 */
export function createSignerPool(size = 1): SignerPool {
  const workers = Array.from({ length: size }, () => new Worker(new URL('./signerWorker.js', import.meta.url)))
  const pending = new Map<number, { resolve: (s: Hex) => void; reject: (e: Error) => void }>()
  let nextId = 0
  for (const w of workers) {
    w.unref()
    w.on('message', (m: { id: number; signature?: Hex; error?: string }) => {
      const p = pending.get(m.id)
      pending.delete(m.id)
      if (m.signature) p?.resolve(m.signature)
      else p?.reject(new Error(`signer worker: ${m.error}`))
    })
    w.on('error', (e) => {
      for (const p of pending.values()) p.reject(e)
      pending.clear()
    })
  }
  const sign = (privateKey: Hex, kind: SignJob['kind'], args: unknown): Promise<Hex> =>
    new Promise((resolve, reject) => {
      const id = nextId++
      pending.set(id, { resolve, reject })
      workers[id % workers.length]!.postMessage({ id, privateKey, kind, args } satisfies SignJob)
    })
  return {
    account(privateKey) {
      const local = privateKeyToAccount(privateKey)
      return toAccount({
        address: local.address,
        signMessage: (a) => local.signMessage(a),
        signTransaction: (tx) => sign(privateKey, 'transaction', tx),
        signTypedData: (td) => sign(privateKey, 'typedData', td),
      })
    },
    async close() {
      await Promise.all(workers.map((w) => w.terminate()))
    },
  }
}
