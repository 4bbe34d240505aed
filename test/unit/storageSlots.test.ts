import { strict as assert } from 'node:assert'
import { after, before, test } from 'node:test'
import { hexToBigInt, type LocalAccount } from 'viem'
import { getBattery } from '../../src/sdk/reads/getBattery.js'
import { getForwarderNonce } from '../../src/sdk/reads/getForwarderNonce.js'
import { getAccount } from '../../src/sdk/reads/getAccount.js'
import { dischargeCall } from '../../src/sdk/calls/dischargeCall.js'
import { grantECoinCall } from '../../src/sdk/calls/grantECoinCall.js'
import { balanceSlot } from '../../src/sdk/slots/balanceSlot.js'
import { batteryRecordSlots } from '../../src/sdk/slots/batteryRecordSlots.js'
import { decodeBatteryRecord } from '../../src/sdk/slots/decodeBatteryRecord.js'
import { forwarderNonceSlot } from '../../src/sdk/slots/forwarderNonceSlot.js'
import { toHexSlot } from '../../src/sdk/slots/toHexSlot.js'
import { startTestChain, type TestChain } from '../helpers/chain.js'

// The slots a device proves are found from the compiler's storage layout (src/sdk/abi/*Storage.ts); these
// tests read them straight off a real node and hold them against the contracts' own view functions, so a
// layout that drifted from the contracts fails here before a device would call an honest station a liar.
let chain: TestChain
let ev: LocalAccount
before(async () => {
  chain = await startTestChain()
  ;[ev] = await chain.registerDevices([{ role: 'EVOwner', unitId: 1 }])
})
after(() => chain.stop())

const storageWord = async (address: `0x${string}`, slot: bigint) => hexToBigInt((await chain.publicClient.getStorageAt({ address, slot: toHexSlot(slot) })) ?? '0x0')

test('test_decodeBatteryRecord_wordsOffANode_equalTheContractsView_beforeAndAfterADischarge', async () => {
  const id = await chain.registerBattery(ev!, 'SLOT')
  const readRecord = async () => decodeBatteryRecord(await Promise.all(batteryRecordSlots(id).map((s) => storageWord(chain.deployment.batteryProcess, s))))
  const view = await getBattery(chain.publicClient, chain.deployment, id)
  assert.ok(view)
  assert.deepEqual(await readRecord(), { staticInfo: view.staticInfo, dynamicInfo: view.dynamicInfo })

  await chain.forward(ev!, dischargeCall(chain.deployment, { batteryId: id, energyWh: view.dynamicInfo.energyWh - 1000, socPermille: view.dynamicInfo.socPermille - 50, duration: 1800 }))
  const after = await getBattery(chain.publicClient, chain.deployment, id)
  assert.ok(after)
  assert.equal(after.dynamicInfo.dischargingCount, view.dynamicInfo.dischargingCount + 1)
  assert.deepEqual(await readRecord(), { staticInfo: after.staticInfo, dynamicInfo: after.dynamicInfo })
})

test('test_decodeBatteryRecord_noSuchBattery_null', async () => {
  const words = await Promise.all(batteryRecordSlots(999_999).map((s) => storageWord(chain.deployment.batteryProcess, s)))
  assert.equal(decodeBatteryRecord(words), null)
})

test('test_forwarderNonceSlot_andBalanceSlot_holdWhatTheContractsAnswer', async () => {
  const nonce = await getForwarderNonce(chain.publicClient, chain.deployment, ev!.address)
  assert.ok(nonce > 0n, 'the battery registration went through the forwarder')
  assert.equal(await storageWord(chain.deployment.forwarder, forwarderNonceSlot(ev!.address)), nonce)
  await chain.send(chain.superWallet, [grantECoinCall(chain.deployment, { to: ev!.address, amount: 123_45n })])
  const account = await getAccount(chain.publicClient, chain.deployment, ev!.address)
  assert.ok(account.balance >= 123_45n)
  assert.equal(await storageWord(chain.deployment.balanceProcess, balanceSlot(ev!.address)), account.balance)
})
