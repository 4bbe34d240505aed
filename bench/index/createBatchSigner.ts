import { Worker } from 'node:worker_threads'
import type { Deployment } from '../../src/sdk/deployment.js'
import type { SignedForwardRequest } from '../../src/sdk/forwarder/forwardRequestTypes.js'
import type { SignBatchJob } from './batchSignerWorker.js'
import type { PlannedRequest } from './PlannedBlock.js'

export type BatchSigner = {
  /** Signs the requests (in order) on the next worker; deadlines far in the future, so a cached chain's requests stay valid. */
  sign(requests: readonly PlannedRequest[]): Promise<SignedForwardRequest[]>
  close(): Promise<void>
}

/** 2^40 s: years away, and within the forwarder's uint48. */
const DEADLINE = 2 ** 40

/**
 * EIP-712 signing of forward requests on `size` worker threads, a batch per job. Signing is the build's
 * main cost (~1.4 ms a request in viem on this machine's cores, a million events being ~300 000 requests),
 * so it runs on the workers while the main thread sends and mines the blocks already signed.
 *
 * @example
 * const signer = createBatchSigner(deployment, 2)
 * const signed = await signer.sign(block.batches[0].requests)
 */
export function createBatchSigner(d: Pick<Deployment, 'chainId' | 'forwarder'>, size = 2): BatchSigner {
  const workers = Array.from({ length: size }, () => new Worker(new URL('./batchSignerWorker.js', import.meta.url)))
  const pending = new Map<number, { resolve: (s: SignedForwardRequest[]) => void; reject: (e: Error) => void }>()
  let next = 0
  for (const w of workers) {
    w.on('message', (m: { id: number; signed?: SignedForwardRequest[]; error?: string }) => {
      const p = pending.get(m.id)
      pending.delete(m.id)
      if (m.signed) p?.resolve(m.signed)
      else p?.reject(new Error(`batch signer: ${m.error}`))
    })
    w.on('error', (e) => {
      for (const p of pending.values()) p.reject(e)
      pending.clear()
    })
  }
  return {
    sign(requests) {
      return new Promise((resolve, reject) => {
        const id = next++
        pending.set(id, { resolve, reject })
        const job: SignBatchJob = {
          id,
          chainId: d.chainId,
          forwarder: d.forwarder,
          deadline: DEADLINE,
          items: requests.map((r) => ({ key: r.key, to: r.call.to, data: r.call.data, gas: r.call.gas.toString(), label: r.call.label, nonce: r.nonce })),
        }
        workers[id % workers.length]!.postMessage(job)
      })
    },
    async close() {
      await Promise.all(workers.map((w) => w.terminate()))
    },
  }
}
