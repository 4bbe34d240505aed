// Worker thread of createBatchSigner: signs whole batches of forward requests, so the thread that plans and
// sends blocks never waits on secp256k1.
import { parentPort } from 'node:worker_threads'
import type { Address, Hex } from 'viem'
import { privateKeyToAccount, type PrivateKeyAccount } from 'viem/accounts'
import { signForwardRequest } from '../../src/sdk/forwarder/signForwardRequest.js'
import type { SignedForwardRequest } from '../../src/sdk/forwarder/forwardRequestTypes.js'

/** A job: requests to sign (gas as a decimal string, structured clone keeps the rest), for one deployment. */
export type SignBatchJob = {
  id: number
  chainId: number
  forwarder: Address
  deadline: number
  items: { key: Hex; to: Address; data: Hex; gas: string; label: string; nonce: number }[]
}

const accounts = new Map<Hex, PrivateKeyAccount>()

parentPort?.on('message', (job: SignBatchJob) => {
  void (async () => {
    try {
      const signed: SignedForwardRequest[] = []
      for (const it of job.items) {
        let account = accounts.get(it.key)
        if (!account) accounts.set(it.key, (account = privateKeyToAccount(it.key)))
        signed.push(
          await signForwardRequest({
            account,
            deployment: { chainId: job.chainId, forwarder: job.forwarder },
            call: { to: it.to, data: it.data, gas: BigInt(it.gas), label: it.label },
            nonce: BigInt(it.nonce),
            deadline: job.deadline,
          }),
        )
      }
      parentPort!.postMessage({ id: job.id, signed })
    } catch (e) {
      parentPort!.postMessage({ id: job.id, error: e instanceof Error ? e.message : String(e) })
    }
  })()
})
