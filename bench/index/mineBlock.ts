import { encodeFunctionData, type Hex, type Log } from 'viem'
import { mnemonicToAccount } from 'viem/accounts'
import { ANVIL_MNEMONIC } from '../../src/rich/node/anvilMnemonic.js'
import { estimateBatchGas } from '../../src/rich/relay/estimateBatchGas.js'
import { splitBatchLogs } from '../../src/rich/relay/splitBatchLogs.js'
import { toForwardRequestData } from '../../src/rich/relay/toForwardRequestData.js'
import { evswapForwarderAbi } from '../../src/sdk/abi/evswapForwarder.js'
import type { Deployment } from '../../src/sdk/deployment.js'
import type { SignedForwardRequest } from '../../src/sdk/forwarder/forwardRequestTypes.js'
import type { Rpc } from './createRpc.js'
import type { PlannedBlock } from './PlannedBlock.js'

/** anvil's dev accounts (unlocked: anvil signs their transactions), by index. */
const relayers = Array.from({ length: 10 }, (_, i) => mnemonicToAccount(ANVIL_MNEMONIC, { addressIndex: i }).address)

type Receipt = { status: Hex; transactionHash: Hex; logs: Log[] }

/**
 * Sends a planned block's batches (each an `executeBatch` from its station's relayer, in order), mines them
 * into one block at `timestamp`, and checks the receipts: every transaction succeeded, every request ran
 * and succeeded, and the swap and battery ids are the predicted ones. Answers the block's number and how
 * many contract events it holds. Throws on any difference: the model would no longer be the chain.
 *
 * @example
 * const { number, events } = await mineBlock(rpc, deployment, planned, signed, 1767225600)
 */
export async function mineBlock(rpc: Rpc, d: Deployment, planned: PlannedBlock, signed: SignedForwardRequest[][], timestamp: number): Promise<{ number: number; events: number }> {
  for (const [i, batch] of planned.batches.entries()) {
    const requests = signed[i]!
    const from = relayers[batch.relayer]!
    const data = encodeFunctionData({ abi: evswapForwarderAbi, functionName: 'executeBatch', args: [requests.map(toForwardRequestData), from] })
    const gas = estimateBatchGas(requests.map((r) => BigInt(r.gas)), data)
    await rpc('eth_sendTransaction', [{ from, to: d.forwarder, data, gas: `0x${gas.toString(16)}` }])
  }
  await rpc('evm_mine', [timestamp])
  const block = await rpc<{ number: Hex; transactions: Hex[] }>('eth_getBlockByNumber', ['latest', false])
  const receipts = await rpc<Receipt[]>('eth_getBlockReceipts', [block.number])
  const number = Number(block.number)
  if (receipts.length !== planned.batches.length) throw new Error(`block ${number}: ${receipts.length} transactions mined, ${planned.batches.length} sent`)
  let events = 0
  const swapIds: number[] = []
  const batteryIds: number[] = []
  for (const [i, r] of receipts.entries()) {
    if (r.status !== '0x1') throw new Error(`block ${number}: batch ${r.transactionHash} reverted`)
    events += r.logs.length
    const executed = splitBatchLogs(r.logs, d.forwarder)
    const failed = executed.findIndex((x) => !x.success)
    if (executed.length !== planned.batches[i]!.requests.length || failed >= 0) {
      const label = failed >= 0 ? planned.batches[i]!.requests[failed]?.call.label : undefined
      throw new Error(`block ${number}: ${executed.length} of ${planned.batches[i]!.requests.length} requests ran${label ? `; a ${label} failed` : ''}`)
    }
    for (const x of executed) {
      for (const e of x.events) {
        if (e.event === 'SwapRequested') swapIds.push(Number(e.args.swapId))
        if (e.event === 'BatteryRegistered') batteryIds.push(Number(e.args.batteryId))
      }
    }
  }
  if (swapIds.join() !== planned.swapIds.join() || batteryIds.join() !== planned.batteryIds.join()) {
    throw new Error(`block ${number}: ids differ from the model's (swaps ${swapIds.join()} vs ${planned.swapIds.join()}, batteries ${batteryIds.join()} vs ${planned.batteryIds.join()})`)
  }
  return { number, events }
}
