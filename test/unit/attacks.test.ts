// The paper's attacker (section 3.2) against a real demo: anvil, deployed contracts, two stations, the
// super account's device and an EV device (src/rich/startDemo.ts). A hacked device holds a registered key
// and tries to replay, forge, flood, act for others and fake data; a hacked station lies to its devices.
// docs/security.md maps each attack to the control that stops it and to the test here that shows it.
import assert from 'node:assert/strict'
import { randomBytes } from 'node:crypto'
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { request as httpRequest } from 'node:http'
import { request as httpsRequest } from 'node:https'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, test } from 'node:test'
import { encodeFunctionData, toHex, type Address, type LocalAccount } from 'viem'
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts'
import { startDemo, type Demo } from '../../src/rich/startDemo.js'
import { balanceProcessAbi } from '../../src/sdk/abi/balanceProcess.js'
import { evswapForwarderAbi } from '../../src/sdk/abi/evswapForwarder.js'
import { dischargeCall } from '../../src/sdk/calls/dischargeCall.js'
import type { EvswapCall } from '../../src/sdk/calls/EvswapCall.js'
import { grantECoinCall } from '../../src/sdk/calls/grantECoinCall.js'
import { recycleCall } from '../../src/sdk/calls/recycleCall.js'
import { registerBatteryCall } from '../../src/sdk/calls/registerBatteryCall.js'
import { registerEVOwnerCall } from '../../src/sdk/calls/registerEVOwnerCall.js'
import type { Deployment } from '../../src/sdk/deployment.js'
import type { SignedForwardRequest } from '../../src/sdk/forwarder/forwardRequestTypes.js'
import { signForwardRequest } from '../../src/sdk/forwarder/signForwardRequest.js'
import { getForwarderNonce } from '../../src/sdk/reads/getForwarderNonce.js'
import { evUnit, stationUnit } from '../../src/sdk/units.js'
import { toForwardRequestData } from '../../src/rich/relay/toForwardRequestData.js'
import { BATTERY_FILE_NAME } from '../../src/thin/usb/batteryRecord.js'
import { readBatteryFile } from '../../src/thin/usb/readBatteryFile.js'
import { writeBatteryFile } from '../../src/thin/usb/writeBatteryFile.js'
import { demoParts, httpJson, type DemoParts } from '../helpers/demoParts.js'
import { freePortRange } from '../helpers/freePort.js'
import { waitForState } from '../helpers/waitFor.js'
import { runLyingStationScenario } from '../helpers/lyingStationScenario.js'

type Json = any // eslint-disable-line @typescript-eslint/no-explicit-any -- response bodies are checked field by field

let demo: Demo
let dir: string
let parts: DemoParts
let d: Deployment
let keys: Awaited<ReturnType<DemoParts['keys']>>
let evBattery: number
let stationBattery: number

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'evswap-attacks-'))
  const basePort = await freePortRange(5)
  demo = await startDemo({ dir, basePort, quiet: true })
  parts = demoParts(demo, dir, basePort)
  d = demo.devices.ev.agent.deployment()
  keys = await parts.keys()
  evBattery = demo.devices.ev.agent.batteries()[0]!.batteryId!
  stationBattery = demo.devices.station1.device.agent.batteries().find((b) => b.folder.endsWith('SUM-1'))!.batteryId!
})
after(async () => {
  await demo?.stop()
  rmSync(dir, { recursive: true, force: true })
})

// ------------------------------------------------------------------ helpers

const now = () => Math.floor(Date.now() / 1000)
async function sign(account: LocalAccount, call: EvswapCall, o: { nonce?: bigint; deadline?: number; chainId?: number; forwarder?: Address } = {}): Promise<SignedForwardRequest> {
  return signForwardRequest({
    account,
    deployment: { chainId: o.chainId ?? d.chainId, forwarder: o.forwarder ?? d.forwarder },
    call,
    nonce: o.nonce ?? (await getForwarderNonce(parts.publicClient, d, account.address)),
    deadline: o.deadline ?? now() + 600,
  })
}
const relay = (station: string, body: unknown) => httpJson(`${station}/api/relay`, { body })
/** POSTs a JSON body from the local address `from` (any of 127.0.0.0/8 reaches a loopback server); answers the status. */
const postFrom = (from: string, url: string, body: string) =>
  new Promise<number>((resolve, reject) => {
    // The demo's stations are HTTPS: checked against the demo's CA like any device would.
    const tls = url.startsWith('https:')
    const req = (tls ? httpsRequest : httpRequest)(url, { method: 'POST', localAddress: from, headers: { 'content-type': 'application/json' }, ...(tls ? { ca: demo.tls.caPem } : {}) }, (res) => {
      res.resume()
      res.on('end', () => resolve(res.statusCode ?? 0))
    })
    req.on('error', reject)
    req.end(body)
  })
async function relayAndWait(station: string, body: SignedForwardRequest): Promise<Json> {
  const sent = await relay(station, body)
  assert.equal(sent.status, 202, sent.text)
  const done = await httpJson(`${station}/api/relay/${sent.body.id}?wait=1`)
  assert.equal(done.body.status, 'confirmed', done.text)
  return done.body
}
/** A discharge the chain accepts: the battery's own energy and SOC again, one second of use. */
async function harmlessDischarge(batteryId: number): Promise<EvswapCall> {
  const b = (await httpJson(`${parts.station1}/api/batteries/${batteryId}`)).body
  return dischargeCall(d, { batteryId, energyWh: b.dynamicInfo.energyWh, socPermille: b.dynamicInfo.socPermille, duration: 1 })
}
/** What both relayers have spent so far: a refusal must leave both unchanged. */
async function relayerSpend(): Promise<string> {
  const r = await Promise.all(
    [parts.relayers.station1, parts.relayers.station2].map(async (a) => `${a}: nonce ${await parts.publicClient.getTransactionCount({ address: a })}, wei ${await parts.publicClient.getBalance({ address: a })}`),
  )
  return r.join('; ')
}
/** The forwarder itself, as any node runs it: would it execute this request? */
async function forwarderVerifies(r: SignedForwardRequest): Promise<boolean> {
  return parts.publicClient.readContract({ address: d.forwarder, abi: evswapForwarderAbi, functionName: 'verify', args: [toForwardRequestData(r)] })
}
/**
 * Waits until a request the test sent outside the device's agent has run (at whichever station took it) and
 * the signer's rate-limit bucket is full again, so the next test starts clean. The agent numbers its
 * requests by (from, nonce), so a nonce it shares with a request signed here would mix the two up.
 */
async function settle(r: SignedForwardRequest): Promise<void> {
  const deadline = Date.now() + 30_000
  while ((await getForwarderNonce(parts.publicClient, d, r.from)) <= BigInt(r.nonce) && Date.now() < deadline) await new Promise((res) => setTimeout(res, 200))
  await new Promise((res) => setTimeout(res, 2100))
}
const usbFile = (device: 'ev' | 'station1' | 'station2', folder: string) => join(dir, device, 'usb', folder, BATTERY_FILE_NAME)

// ------------------------------------------------------------------ a hacked device

describe('a hacked device sends requests the system must refuse', () => {
  test('test_relay_RevertWhen_confirmedRequestReplayed_409replayedAtEveryStation_forwarderRefuses', async () => {
    const signed = await sign(keys.ev, await harmlessDischarge(evBattery))
    await relayAndWait(parts.station1, signed)
    const spent = await relayerSpend()
    for (const station of [parts.station1, parts.station2]) {
      const again = await relay(station, signed)
      assert.equal(again.status, 409, again.text)
      assert.equal(again.body.error.code, 'replayed')
    }
    // A station that skipped its checks and sent it anyway: every node's forwarder refuses it.
    assert.equal(await forwarderVerifies(signed), false)
    await assert.rejects(
      parts.publicClient.simulateContract({ address: d.forwarder, abi: evswapForwarderAbi, functionName: 'execute', args: [toForwardRequestData(signed)], account: parts.relayers.station1 }),
      /ERC2771ForwarderInvalidSigner|reverted/,
    )
    assert.equal(await relayerSpend(), spent, 'refusals cost no gas')
  })

  test('test_relay_RevertWhen_signatureForged_401badSignature', async () => {
    const call = await harmlessDischarge(evBattery)
    const signed = await sign(keys.ev, call)
    const spent = await relayerSpend()
    const nonceBefore = await getForwarderNonce(parts.publicClient, d, keys.ev.address)
    // 1. bytes of a real signature flipped (r, s and v each)
    for (const at of [3, 40, 64]) {
      const bytes = Buffer.from(signed.signature.slice(2), 'hex')
      bytes[at] = bytes[at]! ^ 0x5a
      const r = await relay(parts.station1, { ...signed, signature: `0x${bytes.toString('hex')}` })
      assert.equal(r.status, 401, `byte ${at}: ${r.text}`)
      assert.equal(r.body.error.code, 'bad_signature')
    }
    // 2. signed by an attacker's own key, claiming to be the EV
    const attacker = privateKeyToAccount(generatePrivateKey())
    const byAttacker = await sign(attacker, call, { nonce: BigInt(signed.nonce) })
    const claimed = await relay(parts.station1, { ...byAttacker, from: keys.ev.address })
    assert.deepEqual([claimed.status, claimed.body.error.code], [401, 'bad_signature'], claimed.text)
    // 3. signed by another registered device (station 1's key), claiming to be the EV
    const byStation = await sign(keys.station1, call, { nonce: BigInt(signed.nonce) })
    const claimed2 = await relay(parts.station2, { ...byStation, from: keys.ev.address })
    assert.deepEqual([claimed2.status, claimed2.body.error.code], [401, 'bad_signature'], claimed2.text)
    // 4. a field changed under a good signature (the battery in the calldata)
    const other = dischargeCall(d, { batteryId: stationBattery, energyWh: 1, socPermille: 1, duration: 1 })
    const swapped = await relay(parts.station1, { ...signed, data: other.data })
    assert.deepEqual([swapped.status, swapped.body.error.code], [401, 'bad_signature'], swapped.text)
    assert.equal(await forwarderVerifies({ ...byAttacker, from: keys.ev.address }), false)
    assert.equal(await getForwarderNonce(parts.publicClient, d, keys.ev.address), nonceBefore, 'nothing ran as the EV')
    assert.equal(await relayerSpend(), spent, 'refusals cost no gas')
  })

  test('test_relay_RevertWhen_deadlinePassed_400expired', async () => {
    // A minute ago: the latest block's timestamp may trail the wall clock by a block or two.
    const signed = await sign(keys.ev, await harmlessDischarge(evBattery), { deadline: now() - 60 })
    const r = await relay(parts.station1, signed)
    assert.deepEqual([r.status, r.body.error.code, r.body.error.field], [400, 'expired', 'deadline'], r.text)
    assert.equal(await forwarderVerifies(signed), false, 'the forwarder refuses it too')
  })

  test('test_relay_RevertWhen_otherChainOrOtherForwarder_refused', async () => {
    const call = await harmlessDischarge(evBattery)
    const spent = await relayerSpend()
    // Signed for chain 1, sent claiming this chain: the signature does not match this chain's domain.
    const otherDomain = await sign(keys.ev, call, { chainId: 1 })
    const a = await relay(parts.station1, { ...otherDomain, chainId: d.chainId })
    assert.deepEqual([a.status, a.body.error.code], [401, 'bad_signature'], a.text)
    // Sent as it was signed, for chain 1: refused by the chain id check.
    const b = await relay(parts.station1, otherDomain)
    assert.deepEqual([b.status, b.body.error.code, b.body.error.field], [400, 'wrong_chain', 'chainId'], b.text)
    // A good signature whose body says another chain.
    const good = await sign(keys.ev, call)
    const c = await relay(parts.station1, { ...good, chainId: 5 })
    assert.deepEqual([c.status, c.body.error.code], [400, 'wrong_chain'], c.text)
    // Signed for another forwarder (what a station lying about /api/config would get): useless here.
    const fake = await sign(keys.ev, call, { forwarder: privateKeyToAccount(generatePrivateKey()).address })
    const e = await relay(parts.station1, fake)
    assert.deepEqual([e.status, e.body.error.code], [401, 'bad_signature'], e.text)
    assert.equal(await forwarderVerifies(fake), false)
    assert.equal(await forwarderVerifies(otherDomain), false)
    assert.equal(await relayerSpend(), spent)
  })

  test('test_api_RevertWhen_bodyOversized_413', async () => {
    const signed = await sign(keys.ev, await harmlessDischarge(evBattery))
    const big = await relay(parts.station1, { ...signed, data: `0x${'ab'.repeat(20_000)}` })
    assert.deepEqual([big.status, big.body.error.code], [413, 'too_large'], big.text)
    const huge = await httpJson(`${parts.station1}/api/relay`, { body: 'x'.repeat(5 << 20) })
    assert.equal(huge.status, 413)
    const device = await httpJson(`${parts.ev}/api/device/discharge`, { body: { batteryId: evBattery, pad: 'x'.repeat(64 * 1024) }, headers: { authorization: `Bearer ${parts.tokens.ev}` } }).catch((e: Error) => ({ status: 413, text: `connection closed after the limit: ${e.message}` }))
    assert.equal(device.status, 413, device.text)
    assert.equal((await httpJson(`${parts.station1}/api/health`)).status, 200)
  })

  test('test_relay_floodOfOneRequest_queuedOnce_anotherDeviceIsServedPromptly', async () => {
    const flood = await sign(keys.ev, await harmlessDischarge(evBattery))
    const other = await sign(keys.station1, await harmlessDischarge(stationBattery))
    const spent = await relayerSpend()
    const floodCount = 200
    const floodAnswers = Promise.all(Array.from({ length: floodCount }, () => relay(parts.station1, flood)))
    // While the flood is in, the station's own device is served.
    await new Promise((r) => setTimeout(r, 20))
    const served = await relay(parts.station1, other)
    const answers = await floodAnswers
    const by = (s: number) => answers.filter((a) => a.status === s).length
    assert.equal(served.status, 202, served.text)
    assert.ok(served.ms < 2000, `the other device waited ${Math.round(served.ms)} ms`)
    // The copies are refused at a map lookup, as duplicates of the queued one (which gives the signer its
    // token back: copies prove nothing about who sent them) or, while its bucket is empty, rate-limited.
    assert.equal(by(409) + by(429), floodCount - 1, `statuses ${JSON.stringify(answers.map((a) => a.status))}`)
    assert.ok(answers.filter((a) => a.status === 429).every((a) => a.headers.get('retry-after') === '1'))
    assert.equal(by(202), 1, 'the flooded request itself is queued once')
    assert.equal(answers.filter((a) => a.status >= 500).length, 0)
    // Both ran once: one batch or two, paid by the relayer.
    const done = await httpJson(`${parts.station1}/api/relay/${served.body.id}?wait=1`)
    assert.equal(done.body.status, 'confirmed', done.text)
    assert.notEqual(await relayerSpend(), spent)
    await settle(flood)
  })

  test('test_relay_floodNamingAVictim_limitsTheFloodersAddress_notTheVictim', async () => {
    // Junk signatures naming the EV, from another address (127.0.0.2: loopback, as a second host would be).
    // Each costs the station a simulation and a signature recovery, so its source is limited after 40; the
    // EV's own budget is given back for each, so the EV, from its own address, is served throughout.
    const real = await sign(keys.ev, await harmlessDischarge(evBattery))
    const junk = JSON.stringify({ ...real, signature: `0x${'11'.repeat(65)}` })
    const flooder: number[] = []
    let flooding = true
    const flood = (async () => {
      while (flooding) flooder.push(...(await Promise.all(Array.from({ length: 10 }, () => postFrom('127.0.0.2', `${parts.station1}/api/relay`, junk)))))
    })()
    // Until the flooder has been refused for its address: the flood is then at its limit.
    while (!flooder.includes(429)) await new Promise((r) => setTimeout(r, 50))
    const during: number[] = []
    for (let i = 0; i < 10; i++) during.push((await relay(parts.station1, { ...real, signature: `0x${'22'.repeat(65)}` })).status)
    const served = await relay(parts.station1, real)
    flooding = false
    await flood
    assert.ok(flooder.filter((s) => s === 401).length >= 40, `the flooder was limited before its 40 costly refusals: ${flooder.filter((s) => s === 401).length} x 401`)
    // Checked (401), or met a junk copy at the same nonce being checked (409): never rate-limited.
    assert.ok(during.every((s) => s === 401 || s === 409), `the victim's own bad requests during the flood: ${JSON.stringify(during)}`)
    assert.equal(served.status, 202, `the victim is served during the flood: ${served.text}`)
    await settle(real)
  })

  test('test_relay_RevertWhen_unregisteredAccount_403_noGas', async () => {
    const stranger = privateKeyToAccount(generatePrivateKey())
    const spent = await relayerSpend()
    const r1 = await relay(parts.station1, await sign(stranger, dischargeCall(d, { batteryId: evBattery, energyWh: 1, socPermille: 1, duration: 1 })))
    assert.deepEqual([r1.status, r1.body.error.code], [403, 'unregistered'], r1.text)
    // "Fake an account": a stranger cannot register itself, nor can a registered EV register anyone.
    const r2 = await relay(parts.station1, await sign(stranger, registerEVOwnerCall(d, { account: stranger.address, evId: 99 })))
    assert.deepEqual([r2.status, r2.body.error.code], [403, 'unregistered'], r2.text)
    const r3 = await relay(parts.station1, await sign(keys.ev, registerEVOwnerCall(d, { account: stranger.address, evId: 99 })))
    assert.deepEqual([r3.status, r3.body.error.code, r3.body.error.reason], [422, 'would_revert', 'BatteryInterfaceNotSuperAccount'], r3.text)
    const r4 = await relay(parts.station1, await sign(keys.ev, grantECoinCall(d, { to: keys.ev.address, amount: 1_000_000n })))
    assert.deepEqual([r4.status, r4.body.error.reason], [422, 'BatteryInterfaceNotSuperAccount'], r4.text)
    assert.equal(await relayerSpend(), spent, 'no gas for any of them')
    assert.equal((await httpJson(`${parts.station1}/api/accounts/${stranger.address}`)).body.role, 'None')
  })

  test('test_relay_RevertWhen_deviceActsOnAnotherDevicesBatteryOrMoney_422', async () => {
    const spent = await relayerSpend()
    const expect422 = async (call: EvswapCall, reason: RegExp) => {
      const r = await relay(parts.station1, await sign(keys.ev, call))
      assert.equal(r.status, 422, r.text)
      assert.equal(r.body.error.code, 'would_revert')
      assert.match(`${r.body.error.reason} ${r.body.error.message}`, reason, r.text)
    }
    // the station's battery: discharge it, recycle it
    await expect422(dischargeCall(d, { batteryId: stationBattery, energyWh: 0, socPermille: 0, duration: 1 }), /^BatteryInterfaceNotYourBattery/)
    await expect422(recycleCall(d, { batteryId: stationBattery }), /BatteryInterfaceUnauthorizedAccount/)
    // the station's E-coin: transferFrom without an allowance
    await expect422(
      { to: d.balanceProcess, data: encodeFunctionData({ abi: balanceProcessAbi, functionName: 'transferFrom', args: [keys.station1.address, keys.ev.address, 1n] }), gas: 100_000n, label: 'transferFrom' },
      /ERC20InsufficientAllowance|allowance/i,
    )
    // and through the device's own API, the same refusal reaches the user by name
    const api = await httpJson(`${parts.ev}/api/device/discharge`, { body: { batteryId: stationBattery, energyWh: 0, socPermille: 0, duration: 1 }, headers: { authorization: `Bearer ${parts.tokens.ev}` } })
    assert.equal(api.status, 422, api.text)
    assert.match(api.body.error, new RegExp(`^Battery ${stationBattery} belongs to station 1, not to EV 1\\.`))
    assert.equal(await relayerSpend(), spent)
  })
  test(
    'test_agent_keyUsedOutsideTheAgent_sameNonce_resultOfTheOtherRequestNotReportedAsItsOwn',
    async () => {
      // Someone else holding the EV's key (a hacked device's second process) queues a request at nonce N;
      // the agent, asked to act on the station's battery, signs at the same N and is told `duplicate`.
      const other = await sign(keys.ev, await harmlessDischarge(evBattery))
      assert.equal((await relay(parts.station1, other)).status, 202)
      const api = await httpJson(`${parts.ev}/api/device/discharge`, { body: { batteryId: stationBattery, energyWh: 0, socPermille: 0, duration: 1 }, headers: { authorization: `Bearer ${parts.tokens.ev}` } })
      await settle(other)
      assert.equal(api.status, 422, `the device reported ${api.status}: ${api.text}`)
    },
  )
})

// ------------------------------------------------------------------ fake data

describe('a hacked device fakes battery data', () => {
  test('test_check_staticInfoEditedOnUsb_staticMismatchAlert_fileNotRewritten_chainUnchanged', async () => {
    const ev = demo.devices.ev.agent
    const file = usbFile('ev', 'TOY-1')
    const original = readFileSync(file)
    const read = readBatteryFile(file)
    assert.ok(read.ok)
    const chainBefore = (await httpJson(`${parts.station1}/api/batteries/${evBattery}`)).body
    // A "better" battery: twice the cycles, a higher maker's price.
    writeBatteryFile(file, { ...read.battery, staticInfo: { ...read.battery.staticInfo, maxChargingCount: 4000, manufacturePrice: read.battery.staticInfo.manufacturePrice * 2n } })
    try {
      await ev.check()
      const alert = await waitForState(ev.events, () => ev.alerts().find((a) => a.kind === 'static_mismatch' && a.batteryId === evBattery), 'static_mismatch')
      assert.match(alert.message, /charging count limit: file 4000, chain 2000; manufacture price: file [\d.]+ E-coin/)
      const after = readBatteryFile(file)
      assert.ok(after.ok)
      assert.equal(after.battery.staticInfo.maxChargingCount, 4000, 'the device reports, it does not rewrite static info')
      const chainAfter = (await httpJson(`${parts.station1}/api/batteries/${evBattery}`)).body
      assert.deepEqual(chainAfter.staticInfo, chainBefore.staticInfo)
      assert.equal(chainAfter.staticHash, chainBefore.staticHash)
      assert.equal(chainAfter.price, chainBefore.price, 'the price comes from chain data alone')
    } finally {
      writeFileSync(file, original)
      await ev.check()
    }
    assert.equal(ev.alerts().filter((a) => a.kind === 'static_mismatch').length, 0, 'the alert clears with the true file')
  })

  test('test_registerBattery_forgedCopyOfAnExistingBattery_getsANewIdOwnedByTheForger_originalUntouched', async () => {
    const all = async () => (await httpJson(`${parts.station1}/api/batteries`)).body as Json[]
    const before = await all()
    const victim = before.find((b) => b.id === stationBattery)
    // The attacker copies the station battery's static info and claims a full charge.
    const staticInfo = { ...victim.staticInfo, manufacturePrice: BigInt(victim.staticInfo.manufacturePrice) }
    const reading = { energyWh: victim.dynamicInfo.energyWh, socPermille: 1000, chargingCount: 0, dischargingCount: 0, chargingTotalTime: 0, dischargingTotalTime: 0 }
    const done = await relayAndWait(parts.station1, await sign(keys.ev, registerBatteryCall(d, { staticInfo, reading, tag: toHex(randomBytes(32)) })))
    const newId = Number(done.events.find((e: Json) => e.event === 'BatteryRegistered').args.batteryId)
    assert.ok(!before.some((b) => b.id === newId), `a new id (${newId})`)
    const forged = (await httpJson(`${parts.station1}/api/batteries/${newId}`)).body
    assert.equal(forged.dynamicInfo.owner, keys.ev.address.toLowerCase())
    assert.equal(forged.dynamicInfo.holder, evUnit(1))
    assert.equal(forged.staticHash, victim.staticHash, 'same static info, yet a separate battery')
    const victimAfter = (await httpJson(`${parts.station1}/api/batteries/${stationBattery}`)).body
    assert.deepEqual(victimAfter, victim, 'the existing battery is untouched')
  })

  test('test_check_anotherUnitsBatteryFileCopiedToUsb_heldElsewhere_andTheDeviceCannotUseIt', async () => {
    const ev = demo.devices.ev.agent
    const folder = join(dir, 'ev', 'usb', 'STOLEN-SUM')
    mkdirSync(folder, { recursive: true })
    copyFileSync(usbFile('station1', 'SUM-1'), join(folder, BATTERY_FILE_NAME))
    try {
      await ev.check()
      const alert = await waitForState(ev.events, () => ev.alerts().find((a) => a.folder === folder), 'an alert for the copied file')
      assert.equal(alert.kind, 'held_elsewhere')
      assert.match(alert.message, /station 1/)
      const r = await httpJson(`${parts.ev}/api/device/discharge`, { body: { batteryId: stationBattery, energyWh: 0, socPermille: 0, duration: 1 }, headers: { authorization: `Bearer ${parts.tokens.ev}` } })
      assert.equal(r.status, 422)
      assert.match(r.body.error, new RegExp(`^Battery ${stationBattery} belongs to station 1, not to EV 1\\.`))
      assert.equal((await httpJson(`${parts.station1}/api/batteries/${stationBattery}`)).body.dynamicInfo.holder, stationUnit(1))
    } finally {
      rmSync(folder, { recursive: true, force: true })
      await ev.check()
    }
  })
})

// ------------------------------------------------------------------ a hacked station

describe('a hacked station lies to its devices', () => {
  test('test_lyingStation_everyLieCaught_byProofs_stationLiedAlert_failoverAndFailBack_nothingLost', { timeout: 180_000 }, async (t) => {
    await runLyingStationScenario({
      t,
      dir,
      deployment: d,
      publicClient: parts.publicClient,
      station1: parts.station1,
      station2: parts.station2,
      station1Unit: stationUnit(1),
      superOperate: async (calls) => {
        for (const call of calls) {
          const r = await demo.devices.super.agent.operate(call)
          assert.equal(r.status, 'confirmed', r.error)
        }
      },
      tls: { station1: demo.tls.stations[0]!, caPem: demo.tls.caPem },
    })
  })
})
