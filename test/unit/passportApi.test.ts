import { strict as assert } from 'node:assert'
import { after, before, describe, test } from 'node:test'
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts'
import type { LocalAccount } from 'viem'
import { passportRequestDomain, passportRequestTypes } from '../../src/passport/passportRequestTypes.js'
import { validatePassport } from '../../src/passport/validatePassport.js'
import type { StartStationServerReturnType } from '../../src/rich/stationServer.js'
import { dischargeCall } from '../../src/sdk/calls/dischargeCall.js'
import { registerBatteryCall } from '../../src/sdk/calls/registerBatteryCall.js'
import { setLifeStatusCall } from '../../src/sdk/calls/setLifeStatusCall.js'
import { batteryHealth } from '../../src/sdk/passport/batteryHealth.js'
import type { ConditionReading, PassportInfo } from '../../src/sdk/passport/passportTypes.js'
import { getPassport } from '../../src/sdk/reads/getPassport.js'
import { createStationClient } from '../../src/thin/agent/createStationClient.js'
import { requestPassport } from '../../src/thin/agent/requestPassport.js'
import { startTestChain, testBattery, type TestChain } from '../helpers/chain.js'
import { startTestStation } from '../helpers/testStation.js'

type Json = any // eslint-disable-line @typescript-eslint/no-explicit-any -- passport documents are checked field by field

const PASSPORT: PassportInfo = { certifiedUsableEnergyWh: 60_000, ratedCapacityMAh: 150_000, expectedLifetimeCycles: 3000, exhaustionThresholdPermille: 700, nominalVoltageDecivolts: 4000, chemistry: 'NMC811' }
const condition = (remainingEnergyWh: number, throughputWh: number, deepDischargeEvents: number | null = 0): ConditionReading => ({
  remainingEnergyWh,
  remainingCapacityMAh: Math.round((remainingEnergyWh * 150_000) / 60_000),
  energyThroughputWh: throughputWh,
  deepDischargeEvents,
  overchargeEvents: 0,
  overTemperatureEvents: null,
  extremeTemperatureSeconds: 600,
})

/**
 * Issue 16 through a real station (anvil, relay, index, HTTP API): a battery registered with its passport
 * and two discharges with conditions; both tiers export and validate against the schema; the legitimate
 * tier answers its owner, the station that holds a battery and the super account, and refuses a stranger
 * with a 403 naming who may read it; the SDK's health formula agrees with the contract's.
 */
describe('battery passport through a station', () => {
  let chain: TestChain
  let server: StartStationServerReturnType
  let ev: LocalAccount
  let station: LocalAccount
  let evBattery = 0
  let stationBattery = 0

  const get = async (path: string) => {
    const res = await fetch(server.url + path)
    return { status: res.status, body: (await res.json()) as Json }
  }
  const signed = async (signer: LocalAccount, batteryId: number, expires = Math.floor(Date.now() / 1000) + 300) => {
    const domain = passportRequestDomain(chain.deployment.chainId, chain.deployment.batteryInterface)
    const signature = await signer.signTypedData({ domain, types: passportRequestTypes, primaryType: 'PassportRequest', message: { batteryId, tier: 'legitimate', expires: BigInt(expires) } })
    return get(`/api/batteries/${batteryId}/passport?tier=legitimate&expires=${expires}&signature=${signature}`)
  }
  const registerWithPassport = async (account: LocalAccount, c: ConditionReading) => {
    const { staticInfo, reading } = testBattery('NMC')
    const tag = `0x${Buffer.from(generatePrivateKey().slice(2), 'hex').toString('hex')}` as const
    const receipt = await chain.forward(account, registerBatteryCall(chain.deployment, { staticInfo, reading, tag, passport: { info: PASSPORT, condition: c } }))
    return { id: Number(await chain.publicClient.readContract({ address: chain.deployment.batteryProcess, abi: [{ type: 'function', name: 'batteryCount', inputs: [], outputs: [{ type: 'uint32' }], stateMutability: 'view' }], functionName: 'batteryCount' })), block: receipt.blockNumber }
  }
  const indexed = async (block: bigint) => {
    while (server.index.head() < Number(block)) await new Promise((r) => server.index.events.once('head', r))
  }

  before(async () => {
    chain = await startTestChain()
    ;[ev, station] = (await chain.registerDevices([
      { role: 'EVOwner', unitId: 1 },
      { role: 'StationOperator', unitId: 1 },
    ])) as [LocalAccount, LocalAccount]
    server = await startTestStation(chain)
    evBattery = (await registerWithPassport(ev, condition(59_400, 0))).id
    await chain.forward(ev, dischargeCall(chain.deployment, { batteryId: evBattery, energyWh: 40_000, socPermille: 660, duration: 3600, condition: condition(58_200, 20_000) }))
    const last = await chain.forward(ev, dischargeCall(chain.deployment, { batteryId: evBattery, energyWh: 20_000, socPermille: 330, duration: 3600, condition: condition(57_000, 40_000, 1) }))
    const s = await registerWithPassport(station, condition(60_000, 0))
    stationBattery = s.id
    await indexed(s.block > last.blockNumber ? s.block : last.blockNumber)
  })
  after(async () => {
    await server?.close()
    await chain?.stop()
  })

  test('test_health_onChain_isTheSdkFormula', async () => {
    const p = await getPassport(chain.publicClient, chain.deployment, evBattery)
    assert.deepEqual(p.info, PASSPORT)
    const { wear: _wear, ...health } = batteryHealth(PASSPORT, condition(57_000, 40_000, 1))
    assert.deepEqual(
      { stateOfCertifiedEnergyPermille: p.condition!.stateOfCertifiedEnergyPermille, fullCyclesMilli: p.condition!.fullCyclesMilli, capacityFadePermille: p.condition!.capacityFadePermille, exhausted: p.condition!.exhausted },
      health,
    )
    assert.equal(health.stateOfCertifiedEnergyPermille, 950)
    assert.equal(p.condition!.overTemperatureEvents, null, 'a value the battery did not report stays not reported')
  })

  test('test_publicTier_isOpen_validates_andHoldsNoBatteryData', async () => {
    const r = await get(`/api/batteries/${evBattery}/passport`)
    assert.equal(r.status, 200)
    assert.deepEqual(validatePassport(r.body), { ok: true })
    assert.equal(r.body.header.tier, 'public')
    assert.equal(r.body.performance.batteryTechicalProperties.ratedEnergy, 60)
    assert.equal(r.body.materialComposition.batteryChemistry.shortName, 'NMC811')
    assert.equal(r.body.performance.batteryCondition, undefined)
    assert.equal(r.body.history, undefined)
    assert.ok(!JSON.stringify(r.body).includes(ev.address), "no owner's address in the public tier")
  })

  test('test_legitimateTier_ownerStationAndSuper_allowed_historyWithTimes', async () => {
    const byOwner = await signed(ev, evBattery)
    assert.equal(byOwner.status, 200, JSON.stringify(byOwner.body))
    assert.deepEqual(validatePassport(byOwner.body), { ok: true })
    const c = byOwner.body.performance.batteryCondition
    assert.equal(c.stateOfCertifiedEnergy.stateOfCertifiedEnergyValue, 95)
    assert.match(c.stateOfCertifiedEnergy.lastUpdate, /^\d{4}-\d\d-\d\dT/)
    assert.deepEqual(
      byOwner.body.history.map((h: Json) => h.stateOfCertifiedEnergyValue),
      [99, 97, 95],
      'every reading since registration, oldest first',
    )
    assert.deepEqual(byOwner.body.usage.negativeEventCounts.overTemperature, { notReported: true })
    for (const [who, id] of [[station, stationBattery], [chain.superAccount, evBattery]] as const) {
      const r = await signed(who, id)
      assert.equal(r.status, 200, JSON.stringify(r.body))
      assert.deepEqual(validatePassport(r.body), { ok: true })
    }
  })

  test('test_device_requestsTheLegitimateTier_signedWithItsKey', async () => {
    const station = createStationClient([server.url])
    const mine = await requestPassport({ station, account: ev, deployment: chain.deployment }, evBattery, 'legitimate')
    assert.equal(mine.status, 200)
    assert.deepEqual(validatePassport(mine.body), { ok: true })
    const legacy = await chain.registerBattery(ev)
    const old = await requestPassport({ station, account: ev, deployment: chain.deployment }, legacy, 'legitimate')
    assert.equal(old.status, 200)
    assert.deepEqual(validatePassport(old.body), { ok: true })
    const body = old.body as Json
    assert.deepEqual(body.performance.batteryTechicalProperties.ratedEnergy, { notReported: true }, 'a battery from before passports: not reported')
    assert.deepEqual(body.performance.batteryCondition.stateOfCertifiedEnergy, { notReported: true })
  })

  test('test_batteryView_carriesHealth_exhaustedFlagged_andRefusedForASwap', async () => {
    const healthy = await get(`/api/batteries/${evBattery}`)
    assert.deepEqual({ ...healthy.body.health, at: undefined }, { stateOfCertifiedEnergyPermille: 950, exhausted: false, at: undefined })
    assert.ok(healthy.body.health.at > 0, 'the block time of the reading')
    const legacy = await chain.registerBattery(ev)
    assert.equal((await get(`/api/batteries/${legacy}`)).body.health, null, 'no passport: no health')
    const worn = await registerWithPassport(station, condition(41_000, 9_000_000))
    await indexed(worn.block)
    const view = await get(`/api/batteries/${worn.id}`)
    assert.deepEqual({ soce: view.body.health.stateOfCertifiedEnergyPermille, exhausted: view.body.health.exhausted }, { soce: 683, exhausted: true })
    const quote = await get(`/api/quote?ev=${legacy}&station=${worn.id}`)
    assert.equal(quote.status, 422, JSON.stringify(quote.body))
    assert.match(quote.body.error.message, new RegExp(`Battery ${worn.id} is worn out: its state of health is under its exhaustion threshold, so it is not offered for a swap`))
  })

  test('test_lifeStatus_repurposedByItsStation_waste_onlyByRecycling', async () => {
    const receipt = await chain.forward(station, setLifeStatusCall(chain.deployment, { batteryId: stationBattery, status: 'repurposed' }))
    await indexed(receipt.blockNumber)
    const r = await get(`/api/batteries/${stationBattery}/passport`)
    assert.equal(r.body.generalProductInformation.batteryStatus, 'Repurposed')
    assert.equal((await getPassport(chain.publicClient, chain.deployment, stationBattery)).lifeStatus, 'repurposed')
  })

  test('test_legitimateTier_RevertWhen_strangerUnsignedOrExpired', async () => {
    const stranger = privateKeyToAccount(generatePrivateKey())
    const refused = await signed(stranger, evBattery)
    assert.equal(refused.status, 403)
    assert.match(refused.body.error.message, new RegExp(`battery ${evBattery} is for its owner \\(EV 1, ${ev.address}\\).*super account.*${stranger.address} signed this request`))
    // The station holds none of the EV's batteries: it may read its own, not the EV's.
    const notHeld = await signed(station, evBattery)
    assert.equal(notHeld.status, 403)
    const unsigned = await get(`/api/batteries/${evBattery}/passport?tier=legitimate`)
    assert.equal(unsigned.status, 401)
    assert.match(unsigned.body.error.message, /given only to a signed request, by its owner \(EV 1\)/)
    const expired = await signed(ev, evBattery, Math.floor(Date.now() / 1000) - 10)
    assert.equal(expired.status, 400)
    assert.match(expired.body.error.message, /expired/i)
    assert.equal((await get('/api/batteries/999/passport')).status, 404)
  })
})
