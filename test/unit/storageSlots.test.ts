import { strict as assert } from 'node:assert'
import { after, before, test } from 'node:test'
import { randomBytes } from 'node:crypto'
import { hexToBigInt, keccak256, parseEventLogs, toHex, type LocalAccount } from 'viem'
import { batteryInterfaceAbi } from '../../src/sdk/abi/batteryInterface.js'
import { batteryProcessAbi } from '../../src/sdk/abi/batteryProcess.js'
import { registerBatteryCall } from '../../src/sdk/calls/registerBatteryCall.js'
import { batteryPrice } from '../../src/sdk/pricing/batteryPrice.js'
import { CONFIG_SLOT, decodeEnergyPrice } from '../../src/sdk/slots/decodeEnergyPrice.js'
import { getPassport } from '../../src/sdk/reads/getPassport.js'
import { wearOf } from '../../src/sdk/passport/wearOf.js'
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
import { startTestChain, testBattery, type TestChain } from '../helpers/chain.js'

// The slots a device proves are found from the compiler's storage layout (src/sdk/abi/*Storage.ts); these
// tests read them straight off a real node and hold them against the contracts' own view functions, so a
// layout that drifted from the contracts fails here before a device would call an honest station a liar.
let chain: TestChain
let ev: LocalAccount
before(async () => {
  chain = await startTestChain()
  ;[ev] = (await chain.registerDevices([{ role: 'EVOwner', unitId: 1 }])) as [LocalAccount]
})
after(() => chain.stop())

const storageWord = async (address: `0x${string}`, slot: bigint) => hexToBigInt((await chain.publicClient.getStorageAt({ address, slot: toHexSlot(slot) })) ?? '0x0')

test('test_decodeBatteryRecord_wordsOffANode_equalTheContractsView_beforeAndAfterADischarge', async () => {
  const id = await chain.registerBattery(ev!, 'SLOT')
  const readRecord = async () => decodeBatteryRecord(await Promise.all(batteryRecordSlots(id).map((s) => storageWord(chain.deployment.batteryProcess, s))))
  const view = await getBattery(chain.publicClient, chain.deployment, id)
  assert.ok(view)
  assert.deepEqual(await readRecord(), { staticInfo: view.staticInfo, dynamicInfo: view.dynamicInfo, passport: null, condition: null })

  await chain.forward(ev!, dischargeCall(chain.deployment, { batteryId: id, energyWh: view.dynamicInfo.energyWh - 1000, socPermille: view.dynamicInfo.socPermille - 50, duration: 1800 }))
  const after = await getBattery(chain.publicClient, chain.deployment, id)
  assert.ok(after)
  assert.equal(after.dynamicInfo.dischargingCount, view.dynamicInfo.dischargingCount + 1)
  assert.deepEqual(await readRecord(), { staticInfo: after.staticInfo, dynamicInfo: after.dynamicInfo, passport: null, condition: null })
})

test('test_decodeBatteryRecord_passportAndCondition_equalTheContractsPassportView', async () => {
  const { staticInfo, reading } = testBattery('PAS')
  const info = { certifiedUsableEnergyWh: 60_000, ratedCapacityMAh: 150_000, expectedLifetimeCycles: 3000, exhaustionThresholdPermille: 700, nominalVoltageDecivolts: 4000, chemistry: 'LFP' }
  const condition = { remainingEnergyWh: 57_000, remainingCapacityMAh: 140_000, energyThroughputWh: 250_000_000_000, deepDischargeEvents: 2, overchargeEvents: null, overTemperatureEvents: 7, extremeTemperatureSeconds: 4_000_000_000 }
  await chain.forward(ev!, registerBatteryCall(chain.deployment, { staticInfo, reading, tag: keccak256(toHex('passport-slots')), passport: { info, condition } }))
  const id = Number(await chain.publicClient.readContract({ address: chain.deployment.batteryProcess, abi: batteryProcessAbi, functionName: 'batteryCount' }))
  const record = decodeBatteryRecord(await Promise.all(batteryRecordSlots(id).map((s) => storageWord(chain.deployment.batteryProcess, s))))
  const onChain = await getPassport(chain.publicClient, chain.deployment, id)
  assert.deepEqual(record?.passport, onChain.info)
  assert.deepEqual(record?.passport, info)
  const { at, ...proven } = record!.condition!
  assert.deepEqual(proven, condition)
  assert.equal(at, onChain.condition!.at)
  // The price from the proven words takes the health in as the contract does (95 %: wear 1/6).
  const config = await storageWord(chain.deployment.batteryInterface, CONFIG_SLOT)
  const block = await chain.publicClient.getBlock()
  const price = await chain.publicClient.readContract({ address: chain.deployment.batteryInterface, abi: batteryInterfaceAbi, functionName: 'priceOf', args: [id], blockNumber: block.number })
  assert.equal(batteryPrice(record!.staticInfo, record!.dynamicInfo, decodeEnergyPrice(config), block.timestamp, wearOf(record!)), price)
  assert.ok(wearOf(record!) > 0n)
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

test('test_batteryPrice_fromProvenWords_equalsTheContractsPriceOf_atTheSameBlock', async () => {
  // Batteries at several points of their lives: new, made years ago (age is the largest used fraction),
  // worn out by count (price floors at the energy value), and each after a discharge.
  const makes: Partial<ReturnType<typeof testBattery>['staticInfo']>[] = [
    {},
    { manufactureYear: 2019, manufactureMonth: 7, maxYearLimited: 12 },
    { maxDischargingCount: 1, manufacturePrice: 1_234_567n },
    { manufactureYear: 2000, manufactureMonth: 2, maxYearLimited: 3 },
  ]
  for (const [i, make] of makes.entries()) {
    const battery = testBattery(`P${i}`)
    const receipt = await chain.forward(ev!, registerBatteryCall(chain.deployment, { staticInfo: { ...battery.staticInfo, ...make }, reading: battery.reading, tag: toHex(randomBytes(32)) }))
    const [registered] = parseEventLogs({ abi: batteryProcessAbi, logs: receipt.logs, eventName: 'BatteryRegistered' })
    const id = registered!.args.batteryId
    await chain.forward(ev!, dischargeCall(chain.deployment, { batteryId: id, energyWh: 41_000 - i * 1000, socPermille: 700, duration: 5400 }))
    const block = await chain.publicClient.getBlock()
    const at = { blockNumber: block.number }
    const words = await Promise.all(batteryRecordSlots(id).map((s) => storageWordAt(chain.deployment.batteryProcess, s, block.number)))
    const record = decodeBatteryRecord(words)!
    const perKWh = decodeEnergyPrice(await storageWordAt(chain.deployment.batteryInterface, CONFIG_SLOT, block.number))
    const onChain = await chain.publicClient.readContract({ address: chain.deployment.batteryInterface, abi: batteryInterfaceAbi, functionName: 'priceOf', args: [id], ...at })
    assert.equal(batteryPrice(record.staticInfo, record.dynamicInfo, perKWh, block.timestamp), onChain, `battery ${id} (${Object.keys(make).join(", ") || "new"})`)
  }
})

const storageWordAt = async (address: `0x${string}`, slot: bigint, blockNumber: bigint) =>
  hexToBigInt((await chain.publicClient.getStorageAt({ address, slot: toHexSlot(slot), blockNumber })) ?? '0x0')
