// The hacked-station scenario of docs/security.md section 2, run on the embedded anvil chain
// (test/unit/attacks.test.ts) and on real geth Clique (test/network/lyingStation.test.ts): a lying station in
// front of an honest station 1, a fresh EV whose home station is the liar and whose second is station 2.
// Every lie is caught by proofs against the signers' headers: false static info, holder and dynamic info,
// garbage views, a false "confirmed", a held request, a false config. Nothing is lost or run twice, and the
// device fails back to its home station once it is honest again.
import assert from 'node:assert/strict'
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import type { TestContext } from 'node:test'
import { decodeFunctionData, recoverTypedDataAddress, type PublicClient } from 'viem'
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts'
import { demoBattery } from '../../src/rich/demoBatteries.js'
import { batteryInterfaceAbi } from '../../src/sdk/abi/batteryInterface.js'
import type { EvswapCall } from '../../src/sdk/calls/EvswapCall.js'
import { dischargeCall } from '../../src/sdk/calls/dischargeCall.js'
import { grantECoinCall } from '../../src/sdk/calls/grantECoinCall.js'
import { registerEVOwnerCall } from '../../src/sdk/calls/registerEVOwnerCall.js'
import type { Deployment } from '../../src/sdk/deployment.js'
import { forwarderDomain, forwardRequestTypes } from '../../src/sdk/forwarder/forwardRequestTypes.js'
import { getForwarderNonce } from '../../src/sdk/reads/getForwarderNonce.js'
import { startDevice, type StartedDevice } from '../../src/thin/startDevice.js'
import { BATTERY_FILE_NAME } from '../../src/thin/usb/batteryRecord.js'
import { readBatteryFile } from '../../src/thin/usb/readBatteryFile.js'
import { writeBatteryFile } from '../../src/thin/usb/writeBatteryFile.js'
import { httpJson } from './demoParts.js'
import { startLyingStation } from './lyingStation.js'
import { waitForState } from './waitFor.js'

type Json = any // eslint-disable-line @typescript-eslint/no-explicit-any -- views are forged field by field

export type LyingStationScenario = {
  t: TestContext
  /** A folder of the test's own; the device lives in `<dir>/ev2`. */
  dir: string
  deployment: Deployment
  publicClient: PublicClient
  /** The honest station the liar stands in front of, and the device's second station. */
  station1: string
  station2: string
  /** Station 1's unit, which the liar claims holds the device's battery. */
  station1Unit: number
  /** Runs calls as the super account, each confirmed. */
  superOperate: (calls: EvswapCall[]) => Promise<void>
  /** How long the device leaves a station caught lying; default 1.5 s. */
  distrustMs?: number
  /** Station 1's certificate and key for the liar, and the CA the device trusts; none on plain HTTP. */
  tls?: { station1: { cert: string; key: string }; caPem: string }
}

/**
 * Runs the whole scenario; throws (an assertion) at the first lie that is believed.
 *
 * @example
 * await runLyingStationScenario({ t, dir, deployment, publicClient, station1, station2, station1Unit: stationUnit(1), superOperate })
 */
export async function runLyingStationScenario(o: LyingStationScenario): Promise<void> {
  const { t } = o
  const d = o.deployment
  // A fresh EV registered by the super account, with one new battery, whose home station is the liar
  // (in front of station 1) and whose second station is station 2. A station caught lying is left for
  // DISTRUST_MS; then the device fails back to its home station.
  const DISTRUST_MS = o.distrustMs ?? 1500
  const account = privateKeyToAccount(generatePrivateKey())
  await o.superOperate([registerEVOwnerCall(d, { account: account.address, evId: 2 }), grantECoinCall(d, { to: account.address, amount: 500_00n })])
  const devDir = join(o.dir, 'ev2')
  const usb = join(devDir, 'usb')
  mkdirSync(join(usb, 'LIE-1'), { recursive: true })
  const file = join(usb, 'LIE-1', BATTERY_FILE_NAME)
  writeBatteryFile(file, demoBattery('LIE', { kWh: 40, socPercent: 80, price: 5000, year: 2026, month: 2 }))
  // A hacked station 1, holding station 1's certificate and key: TLS does not tell it from the honest one.
  const liar = await startLyingStation(o.station1, o.tls ? { tls: o.tls.station1 } : {})
  let device: StartedDevice | undefined
  try {
    device = await startDevice({
      dir: devDir,
      slots: [usb],
      stations: [liar.url, o.station2],
      ...(o.tls ? { trust: { ca: { pem: o.tls.caPem, label: 'the demo CA' }, pins: [] } } : {}),
      account,
      distrustMs: DISTRUST_MS,
      failbackMs: 0,
    })
    const agent = device.agent
    // Why the device left a station, as it happened: a time away of 1.5 s may be over before a loaded
    // machine gets to look at distrusts().
    const leftBecause: string[] = []
    const movedTo: string[] = []
    agent.station.onFailover((from, to, reason) => from === liar.url && leftBecause.push(reason) && movedTo.push(to))
    const stationLied = () => agent.alerts().filter((a) => a.kind === 'station_lied')
    /** Waits out the liar's time away; the next request fails back to it, the device's home station. */
    const backToLiar = async () => {
      const away = agent.station.distrusts().find((x) => x.station === liar.url)
      if (away) await new Promise((res) => setTimeout(res, Math.max(0, away.until - Date.now()) + 10))
    }
    /** After a lie: one station_lied alert, for the liar, saying what it claimed; the device is on station 2. */
    const caught = (claim: RegExp) => {
      const lies = stationLied()
      assert.equal(lies.length, 1, JSON.stringify(agent.alerts()))
      assert.equal(lies[0]!.folder, liar.url)
      assert.match(lies[0]!.message, claim)
      // It left for station 2 at the lie (it may be back by now: a time away is short in a test).
      assert.match(leftBecause.at(-1) ?? '', /^it lied: it claimed /)
      assert.equal(movedTo.at(-1), o.station2)
    }
    // Honest at first: the battery is registered through it (relayed to station 1), and proven.
    await agent.drain()
    const id = await waitForState(agent.events, () => readBatteryFile(file).ok && (readBatteryFile(file) as Json).battery.batteryId, 'the battery id written back')
    const fileBefore = readBatteryFile(file)
    assert.ok(fileBefore.ok)
    assert.deepEqual(agent.alerts(), [])

    // 1. Lie about static info: caught; no false static_mismatch, the file untouched.
    liar.forgeBattery = (v) => ({ ...v, staticInfo: { ...v.staticInfo, brand: 'FAKE' }, staticHash: `0x${'00'.repeat(32)}` })
    await agent.check()
    caught(/lied: it claimed battery \d+ at block \d+ has static info hash 0x00000000…, but the proof against the signers' headers shows static info hash 0x/)
    assert.deepEqual(agent.alerts().map((a) => a.kind), ['station_lied'])
    assert.deepEqual(readBatteryFile(file), fileBefore)

    // 2. Lie about where the battery is: caught; no false "held elsewhere".
    await backToLiar()
    liar.forgeBattery = (v) => ({ ...v, dynamicInfo: { ...v.dynamicInfo, holder: o.station1Unit } })
    await agent.check()
    caught(/has holder station 1, but the proof .* shows holder EV 2/)
    assert.deepEqual(agent.alerts().map((a) => a.kind), ['station_lied'])

    // 3. Lie about dynamic info: caught; the file is not rewritten to the lie.
    await backToLiar()
    const lastUpdate = agent.batteries()[0]!.lastFileUpdate
    liar.forgeBattery = (v) => ({ ...v, dynamicInfo: { ...v.dynamicInfo, energyWh: 1, socPermille: 1 } })
    await agent.check()
    caught(/has energy 0.001 kWh, SOC 0.1 %/)
    assert.deepEqual(readBatteryFile(file), fileBefore)
    assert.deepEqual(agent.batteries()[0]!.lastFileUpdate, lastUpdate, 'no file update from a lie')

    // 4. Garbage views: caught as lies too; nothing crashes, the file stays as it was.
    const garbageViews: [string, (v: Json) => Json][] = [
      ['an empty object', () => ({})],
      ['no dynamic info', (v) => ({ ...v, dynamicInfo: null })],
      ['words for numbers', (v) => ({ ...v, dynamicInfo: { ...v.dynamicInfo, energyWh: 'x', socPermille: -5 } })],
      ['a price in words', (v) => ({ ...v, price: 'lots' })],
    ]
    for (const [garbage, forge] of garbageViews) {
      await backToLiar()
      liar.forgeBattery = forge
      await agent.check()
      assert.equal(stationLied().length, 1, `a lie for ${garbage}`)
      assert.deepEqual(readBatteryFile(file), fileBefore, `the file is unchanged after ${garbage}`)
    }
    liar.forgeBattery = undefined

    // 5. A false "confirmed": the liar keeps the signed request and says it ran in block 1. The proof says
    //    it did not; the entry stays, goes to station 2, and runs there once.
    await backToLiar()
    liar.swallowRelay = 'confirmed'
    const nonceBefore = await getForwarderNonce(o.publicClient, d, account.address)
    const asked = dischargeCall(d, { batteryId: id, energyWh: 39_000, socPermille: 780, duration: 7 })
    const result = await agent.operate(asked, { batteryId: id })
    assert.equal(result.status, 'confirmed', result.error)
    assert.equal(await getForwarderNonce(o.publicClient, d, account.address), nonceBefore + 1n, 'it ran once')
    caught(/claimed discharge \(nonce \d+\) confirmed in block 1, but the proof .* shows this device's forwarder nonce is still \d+ at block \d+: the request has not run/)
    const onChain = (await httpJson(`${o.station2}/api/batteries/${id}`)).body
    assert.equal(onChain.dynamicInfo.energyWh, 39_000)
    await agent.drain() // the check after the operation writes the file
    assert.equal(readBatteryFile(file).ok && (readBatteryFile(file) as Json).battery.dynamicInfo.energyWh, 39_000)

    // 6. A held request: the liar keeps it and says "sent" forever. The device leaves it, and the same
    //    signed request runs through station 2.
    await backToLiar()
    liar.swallowRelay = 'held'
    const held = await agent.operate(dischargeCall(d, { batteryId: id, energyWh: 38_000, socPermille: 770, duration: 5 }), { batteryId: id })
    assert.equal(held.status, 'confirmed', held.error)
    assert.equal(await getForwarderNonce(o.publicClient, d, account.address), nonceBefore + 2n)
    assert.match(leftBecause.at(-1) ?? '', /took discharge \(nonce \d+\) and did not run it/)

    // What the liar holds: only what the device asked for, signed for the real forwarder and chain.
    for (const c of liar.captured) {
      const signer = await recoverTypedDataAddress({
        domain: forwarderDomain(d),
        types: forwardRequestTypes,
        primaryType: 'ForwardRequest',
        message: { from: c.from, to: c.to, value: BigInt(c.value), gas: BigInt(c.gas), nonce: BigInt(c.nonce), deadline: c.deadline, data: c.data },
        signature: c.signature,
      })
      assert.equal(signer, account.address)
      assert.equal(c.to.toLowerCase(), d.batteryInterface.toLowerCase())
      const fn = decodeFunctionData({ abi: batteryInterfaceAbi, data: c.data }).functionName
      assert.ok(['registerBattery', 'discharge'].includes(fn), `the device signed ${fn}`)
    }
    const taken = liar.captured.filter((c) => c.nonce === nonceBefore.toString())
    assert.equal(taken.length, 1)
    assert.equal(taken[0]!.data, asked.data, 'exactly the discharge the device asked for')

    // 7. The home station is honest again: the device fails back to it, and its alert clears once one
    //    of its claims proves true.
    liar.swallowRelay = false
    await backToLiar()
    await agent.check()
    assert.equal(agent.station.current(), liar.url)
    assert.deepEqual(agent.alerts(), [])

    // 8. A false config: another forwarder. The device checks a station against its pin whenever it moves
    //    to it, refuses this one for good, and stays on station 2.
    liar.lie = (path, body) => (path.startsWith('/api/config') ? { ...body, deployment: { ...body.deployment, forwarder: `0x${'11'.repeat(20)}` } } : body)
    agent.station.distrust(liar.url, 'the test moves the device off it, so that it is checked again on the way back')
    await backToLiar()
    await agent.check()
    assert.equal(agent.station.current(), o.station2)
    assert.match(agent.station.refusals().find((r) => r.station === liar.url)?.reason ?? '', /forwarder/)
    t.diagnostic(`the liar served ${JSON.stringify(Object.fromEntries(liar.served))}`)
  } finally {
    await device?.stop()
    await liar.close().catch(() => {})
  }
}
