import { parentPort } from 'node:worker_threads'
import { privateKeyToAccount, type PrivateKeyAccount } from 'viem/accounts'
import type { Hex } from 'viem'

/** A request from {@link createSignerPool}: sign typed data or a transaction with one of the pool's keys. */
export type SignJob = { id: number; privateKey: Hex; kind: 'typedData' | 'transaction'; args: unknown }

const accounts = new Map<Hex, PrivateKeyAccount>()

parentPort?.on('message', (job: SignJob) => {
  void (async () => {
    try {
      let account = accounts.get(job.privateKey)
      if (!account) accounts.set(job.privateKey, (account = privateKeyToAccount(job.privateKey)))
      const signature =
        job.kind === 'typedData'
          ? await account.signTypedData(job.args as Parameters<PrivateKeyAccount['signTypedData']>[0])
          : await account.signTransaction(job.args as Parameters<PrivateKeyAccount['signTransaction']>[0])
      parentPort!.postMessage({ id: job.id, signature })
    } catch (e) {
      parentPort!.postMessage({ id: job.id, error: e instanceof Error ? e.message : String(e) })
    }
  })()
})
