// Issue 15, section 4: "confirmed" for a swap's request, approval and denial means proofs show its effect,
// not only that the device's nonce moved. The outcome prover against a real station on anvil: true claims
// proven at the block they name, a claim of the wrong block refuted by the batteries' proven status and owner.
import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'
import { decodeEventLog, type LocalAccount, type TransactionReceipt } from 'viem'
import { batteryInterfaceAbi } from '../../src/sdk/abi/batteryInterface.js'
import { approveSwapCall } from '../../src/sdk/calls/approveSwapCall.js'
import { denySwapCall } from '../../src/sdk/calls/denySwapCall.js'
import type { EvswapCall } from '../../src/sdk/calls/EvswapCall.js'
import { grantECoinCall } from '../../src/sdk/calls/grantECoinCall.js'
import { requestSwapCall } from '../../src/sdk/calls/requestSwapCall.js'
import { holdBatteryCall } from '../../src/sdk/calls/holdBatteryCall.js'
import { releaseHoldCall } from '../../src/sdk/calls/releaseHoldCall.js'
import { swapTermsOf } from '../../src/sdk/calls/swapTermsOf.js'
import { getForwarderNonce } from '../../src/sdk/reads/getForwarderNonce.js'
import { createOutcomeProver, type OutcomeProver } from '../../src/thin/verify/createOutcomeProver.js'
import { StationLiedError } from '../../src/thin/verify/StationLiedError.js'
import { startTestChain, type TestChain } from '../helpers/chain.js'
import { provenReads } from '../helpers/provenReads.js'
import { startTestStation } from '../helpers/testStation.js'

let chain: TestChain
let server: Awaited<ReturnType<typeof startTestStation>>
let ev: LocalAccount
let station: LocalAccount
const ids = { ev: 0, stationA: 0, stationB: 0 }
const provers = new Map<string, OutcomeProver>()

/** Runs `call` for `account` through the forwarder; answers what a device would prove: its signed request and the receipt. */
async function run(account: LocalAccount, call: EvswapCall): Promise<{ payload: { call: EvswapCall; signed: { nonce: string } }; receipt: TransactionReceipt }> {
  const nonce = await getForwarderNonce(chain.publicClient, chain.deployment, account.address)
  const receipt = await chain.forward(account, call)
  return { payload: { call, signed: { nonce: nonce.toString() } }, receipt }
}
const claim = (blockNumber: bigint) => ({ station: 'station 1', status: 'confirmed' as const, success: true, blockNumber: Number(blockNumber), events: [] })
const prove = (who: LocalAccount, r: Awaited<ReturnType<typeof run>>, block = r.receipt.blockNumber) =>
  provers.get(who.address)!.prove(r.payload as never, claim(block))
const requested = (receipt: TransactionReceipt) => {
  for (const log of receipt.logs) {
    try {
      const e = decodeEventLog({ abi: batteryInterfaceAbi, data: log.data, topics: log.topics })
      if (e.eventName === 'SwapRequested') return swapTermsOf(e.args as never)
    } catch {
      // another contract's event
    }
  }
  throw new Error('no SwapRequested event')
}
const refuted = (e: unknown) => e instanceof StationLiedError && /swapping battery \d+ for battery \d+/.test(e.message)

before(async () => {
  chain = await startTestChain({ blockTime: 0.25 })
  ;[ev, station] = (await chain.registerDevices([
    { role: 'EVOwner', unitId: 1 },
    { role: 'StationOperator', unitId: 1 },
  ])) as [LocalAccount, LocalAccount]
  await chain.send(chain.superWallet, [grantECoinCall(chain.deployment, { to: ev.address, amount: 100_000_00n })])
  ids.ev = await chain.registerBattery(ev, 'TOY')
  ids.stationA = await chain.registerBattery(station, 'BYD')
  ids.stationB = await chain.registerBattery(station, 'SUM')
  server = await startTestStation(chain)
  const reads = await provenReads([server.url])
  for (const who of [ev, station]) provers.set(who.address, createOutcomeProver({ prover: reads.prover, station: reads.station, deployment: () => reads.pinned.deployment, address: who.address }))
})
after(async () => {
  await server?.close()
  await chain?.stop()
})

test('test_requestAndDenial_provenAtTheirBlock_aClaimOfTheWrongBlockRefuted', async () => {
  const request = await run(ev, requestSwapCall(chain.deployment, { evBatteryId: ids.ev, stationBatteryId: ids.stationA, maxCost: 10n ** 12n }))
  assert.equal((await prove(ev, request)).ok, true)
  // Said to have run a block earlier than it did: both batteries were still in service there.
  await assert.rejects(prove(ev, request, request.receipt.blockNumber - 1n), refuted)

  const denial = await run(station, denySwapCall(chain.deployment, requested(request.receipt)))
  assert.equal((await prove(station, denial)).ok, true)
  // At the block before the denial, the station's battery was still locked by the request.
  await assert.rejects(prove(station, denial, denial.receipt.blockNumber - 1n), refuted)
})

test('test_approval_provenAtItsBlock_theEvsBatteryNowTheStations', async () => {
  const request = await run(ev, requestSwapCall(chain.deployment, { evBatteryId: ids.ev, stationBatteryId: ids.stationB, maxCost: 10n ** 12n }))
  const approval = await run(station, approveSwapCall(chain.deployment, requested(request.receipt)))
  assert.equal((await prove(station, approval)).ok, true)
  await assert.rejects(prove(station, approval, approval.receipt.blockNumber - 1n), (e: unknown) => refuted(e) && /owned by/.test((e as Error).message))
  // The request is still proven at its own block, though the approval has moved both batteries since.
  assert.equal((await prove(ev, request)).ok, true)
})

test('test_holdAndRelease_provenByTheHoldSlotAtTheirBlock_aClaimOfTheWrongBlockRefuted', async () => {
  const stationC = await chain.registerBattery(station, 'HLD')
  const hold = await run(ev, holdBatteryCall(chain.deployment, { batteryId: stationC }))
  assert.equal((await prove(ev, hold)).ok, true)
  const holdRefuted = (e: unknown) => e instanceof StationLiedError && new RegExp(`holding battery ${stationC}[\\s\\S]*no hold`).test(e.message)
  await assert.rejects(prove(ev, hold, hold.receipt.blockNumber - 1n), holdRefuted)

  const release = await run(ev, releaseHoldCall(chain.deployment, { batteryId: stationC }))
  assert.equal((await prove(ev, release)).ok, true)
  // At the block before the release, the hold was still this EV's.
  await assert.rejects(prove(ev, release, release.receipt.blockNumber - 1n), (e: unknown) => e instanceof StationLiedError && /releasing battery/.test(e.message))
})
