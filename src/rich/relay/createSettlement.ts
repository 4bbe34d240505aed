import { parseEventLogs, type Hash, type Hex, type PublicClient, type TransactionReceipt } from 'viem'
import { evswapForwarderAbi } from '../../sdk/abi/evswapForwarder.js'
import type { Deployment } from '../../sdk/deployment.js'
import { explainRevert } from '../../sdk/errors/explainRevert.js'
import { getForwarderNonce } from '../../sdk/reads/getForwarderNonce.js'
import { carriesRequest } from './carriesRequest.js'
import { innerRevert } from './innerRevert.js'
import type { RelayEntry } from './RelayEntry.js'
import { relayId } from './relayId.js'
import type { RelayStatus } from './RelayStatus.js'
import { splitBatchLogs, type ExecutedRequestLogs } from './splitBatchLogs.js'

const executedForwardRequest = evswapForwarderAbi.find((x) => x.type === 'event' && x.name === 'ExecutedForwardRequest') as Extract<(typeof evswapForwarderAbi)[number], { name: 'ExecutedForwardRequest' }>

export type CreateSettlementParameters = {
  publicClient: PublicClient
  deployment: Deployment
  /** A request whose batch failed this many times (sent and reverted, or not sent) fails. */
  maxAttempts: number
  /** Where a request ends: confirmed, or failed with why. */
  finish(entry: RelayEntry, status: RelayStatus): void
  /** Where requests that can still run go back to, and the pause before anything leaves again. */
  queue: { putBack(entries: RelayEntry[]): void; pause(): void }
  /** The requests of a mined batch that ran (confirmed or reverted inside): the finality stage watches them. */
  onConfirmed(ran: RelayEntry[], receipt: TransactionReceipt, raw: Hex | undefined): void
}

export type Settlement = {
  /** Gives each request of a mined batch its outcome, from the receipt's logs or, if skipped, the chain. */
  settle(batch: RelayEntry[], receipt: TransactionReceipt, raw: Hex | undefined): Promise<void>
  /**
   * After a send error or a lost or reverted batch: requests that can still run go back to the queue, the
   * others fail with `why`. Send errors and reverts count towards `maxAttempts` (a request that breaks every
   * batch must not loop); a lost receipt does not (`countAttempt: false`).
   */
  requeueOrFail(batch: RelayEntry[], why: string, o?: { countAttempt?: boolean }): Promise<void>
}

/**
 * The relay's settlement: what became of each request of a batch. A request that ran is confirmed with its
 * own events, or failed with the contract's sentence; one the forwarder skipped is looked for on chain
 * (another station may have run it); a batch that failed as a whole is sorted into retries and failures.
 *
 * @example
 * const settlement = createSettlement({ publicClient, deployment, maxAttempts: 3, finish: book.finish, queue, onConfirmed })
 * await settlement.settle(batch, receipt, raw)
 */
export function createSettlement(p: CreateSettlementParameters): Settlement {
  const { publicClient, deployment } = p

  async function resultOf(e: RelayEntry, x: ExecutedRequestLogs, txHash: Hash, blockNumber: bigint): Promise<RelayStatus> {
    const base = { id: e.id, txHash, blockNumber: Number(blockNumber), success: x.success, events: x.events }
    if (x.success) return { ...base, status: 'confirmed' }
    // The call ran and reverted without changing state, so the state after its block usually shows why
    // (including what requests before it in the batch changed); failing that, the state before the block.
    const reason = (await innerRevert(publicClient, deployment, e.data, blockNumber)) ?? (blockNumber > 0n ? await innerRevert(publicClient, deployment, e.data, blockNumber - 1n) : undefined)
    const why = await explainRevert({ publicClient, deployment, blockNumber }, reason)
    return { ...base, status: 'failed', error: `${why.message} ${why.hint}` }
  }

  /** Looks for the request's `ExecutedForwardRequest` on chain since it was accepted. */
  async function findExecution(e: RelayEntry): Promise<RelayStatus | undefined> {
    try {
      const logs = await publicClient.getLogs({ address: deployment.forwarder, event: executedForwardRequest, args: { signer: e.data.from }, fromBlock: e.sinceBlock })
      const hit = parseEventLogs({ abi: evswapForwarderAbi, logs, eventName: 'ExecutedForwardRequest' }).find((l) => l.args.nonce === BigInt(e.request.nonce))
      if (!hit) return undefined
      const [receipt, tx] = await Promise.all([publicClient.getTransactionReceipt({ hash: hit.transactionHash }), publicClient.getTransaction({ hash: hit.transactionHash })])
      // The nonce ran, but maybe as another request (signed at the same nonce after a fork undid this one):
      // then this one did not run, and saying it did would lose it.
      if (!carriesRequest(tx.input, e.data.from, e.request.signature)) {
        return { id: e.id, status: 'failed', txHash: hit.transactionHash, blockNumber: Number(receipt.blockNumber), success: false, error: `nonce ${e.request.nonce} was used by another request of ${e.data.from}; sign again at the next nonce`, events: [] }
      }
      const x = splitBatchLogs(receipt.logs, deployment.forwarder).find((y) => relayId(y.signer, y.nonce) === e.id)
      return x ? resultOf(e, x, receipt.transactionHash, receipt.blockNumber) : undefined
    } catch {
      return undefined
    }
  }

  return {
    async settle(batch, receipt, raw) {
      const executed = new Map(splitBatchLogs(receipt.logs, deployment.forwarder).map((x) => [relayId(x.signer, x.nonce), x]))
      const ran: RelayEntry[] = []
      await Promise.all(
        batch.map(async (e) => {
          const x = executed.get(e.id)
          if (x) {
            ran.push(e)
            return p.finish(e, await resultOf(e, x, receipt.transactionHash, receipt.blockNumber))
          }
          // Skipped by the forwarder: it expired on the way, or its nonce was used by another transaction
          // (the same signed request relayed by another station, or, after a fork, another request). The
          // chain says which.
          const elsewhere = await findExecution(e)
          p.finish(
            e,
            elsewhere ?? {
              id: e.id,
              status: 'failed',
              txHash: receipt.transactionHash,
              blockNumber: Number(receipt.blockNumber),
              success: false,
              error: 'skipped by the forwarder: expired, or its nonce was used by another request (sign again at the next nonce)',
              events: [],
            },
          )
        }),
      )
      if (ran.length > 0) p.onConfirmed(ran, receipt, raw)
    },

    async requeueOrFail(batch, why, o = {}) {
      p.queue.pause()
      const back: RelayEntry[] = []
      await Promise.all(
        batch.map(async (e) => {
          if (o.countAttempt !== false) e.attempts += 1
          const done = await findExecution(e)
          if (done) return p.finish(e, done)
          const chainNonce = await getForwarderNonce(publicClient, deployment, e.data.from).catch(() => undefined)
          const stillValid = chainNonce === BigInt(e.request.nonce) && e.request.deadline > Math.floor(Date.now() / 1000)
          if (stillValid && e.attempts < p.maxAttempts) {
            e.status = { id: e.id, status: 'queued' }
            back.push(e)
          } else {
            p.finish(e, { id: e.id, status: 'failed', error: stillValid ? `${why} (after ${e.attempts} attempts)` : why })
          }
        }),
      )
      p.queue.putBack(back)
    },
  }
}
