// Issue 16's passport export: both tiers of a rich and a legacy battery validate against the passport
// schema, the public tier holds no per-battery data, the validator names what a broken document lacks, and
// a legitimate-interest request is read only by the battery's owner, the station holding it or a super
// account (real EIP-712 signatures).
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, test } from 'node:test'
import type { Address } from 'viem'
import { generatePrivateKey, privateKeyToAccount, type PrivateKeyAccount } from 'viem/accounts'
import { buildPassport } from '../../src/passport/buildPassport.js'
import { checkPassportAccess } from '../../src/passport/checkPassportAccess.js'
import { passportRequestDomain, passportRequestTypes } from '../../src/passport/passportRequestTypes.js'
import { validatePassport } from '../../src/passport/validatePassport.js'
import { verifyPassportRequest } from '../../src/passport/verifyPassportRequest.js'
import { legacy, NOW, OWNER, rich } from '../helpers/passportSources.js'

const NOT_REPORTED = { notReported: true }

describe('buildPassport and validatePassport', () => {
  for (const [name, source] of [['rich', rich], ['legacy', legacy]] as const) {
    for (const tier of ['public', 'legitimate'] as const) {
      test(`the ${tier} passport of the ${name} battery validates against the schema`, () => {
        const doc = buildPassport(source, tier, NOW)
        assert.deepEqual(validatePassport(JSON.parse(JSON.stringify(doc))), { ok: true })
        assert.equal(doc.header.tier, tier)
        assert.equal(doc.header.generatedAt, '2026-01-01T00:00:00.000Z')
        assert.equal(doc.header.passportIdentifier, `urn:evswap:battery${source.batteryId}`)
      })
    }
  }

  test('the public tier holds per-model data and none of the battery\'s own', () => {
    const doc = buildPassport(rich, 'public', NOW)
    assert.equal('batteryCondition' in doc.performance, false)
    assert.equal('usage' in doc, false)
    assert.equal('history' in doc, false)
    const text = JSON.stringify(doc)
    for (const key of ['stateOfCertifiedEnergy', 'numberOfFullCycles', 'remainingEnergy', 'negativeEvents', 'stateOfCharge', 'owner', 'holder', OWNER]) {
      assert.equal(text.includes(key), false, `the public tier mentions ${key}`)
    }
    const t = doc.performance.batteryTechicalProperties
    assert.equal(t.ratedEnergy, 75)
    assert.equal(t.ratedCapacity, 200)
    assert.equal(t.nominalVoltage, 375)
    assert.equal(t.expectedNumberOfCycles, 2500)
    assert.equal(t.expectedLifetime, 10)
    assert.equal(t.capacityThresholdForExhaustion, 70)
    assert.deepEqual(doc.materialComposition.batteryChemistry, { shortName: 'NMC811', clearName: 'Lithium nickel manganese cobalt oxide' })
    assert.equal(doc.generalProductInformation.batteryStatus, 'Original')
    assert.equal(doc.generalProductInformation.manufacturingDate, '2024-04')
    assert.equal(doc.generalProductInformation.manufacturerInformation.contactName, 'Voltra')
  })

  test('the legitimate tier carries each dynamic value with its last update, in the model\'s units', () => {
    const doc = buildPassport(rich, 'legitimate', NOW)
    const c = doc.performance.batteryCondition!
    const read = '2025-12-31T23:00:00.000Z'
    assert.deepEqual(c.stateOfCertifiedEnergy, { stateOfCertifiedEnergyValue: 92.5, lastUpdate: read })
    assert.deepEqual(c.numberOfFullCycles, { numberOfFullCyclesValue: 399, lastUpdate: read })
    assert.deepEqual(c.capacityFade, { capacityFadeValue: 7, lastUpdate: read })
    assert.deepEqual(c.remainingEnergy, { remainingEnergyValue: 69.375, lastUpdate: read })
    assert.deepEqual(c.remainingCapacity, { remainingCapacityValue: 186, lastUpdate: read })
    assert.deepEqual(c.energyThroughput, { energyThroughputValue: 29_925, lastUpdate: read })
    assert.deepEqual(c.stateOfCharge, { stateOfChargeValue: 81.5, lastUpdate: '2026-01-01T00:00:00.000Z' })
    assert.deepEqual(c.negativeEvents, [
      { negativeEvent: '2 deep discharge events', lastUpdate: read },
      { negativeEvent: '1 over-temperature event', lastUpdate: read },
    ])
    assert.deepEqual(c.temperatureInformation, NOT_REPORTED)
    const u = doc.usage!
    assert.deepEqual(u.negativeEventCounts, { deepDischarge: 2, overcharge: 0, overTemperature: 1, timeExtremeTemperature: 90.5, lastUpdate: read })
    assert.deepEqual(u.custody, { holder: 'EV 1', owner: OWNER, custodyStatus: 'InService', lastUpdate: '2026-01-01T00:00:00.000Z' })
    assert.equal(u.chargeCycles.chargingTotalTime, 24_720)
    assert.equal(u.chargeCycles.dischargingTotalTime, 48_601.5)
    assert.equal(doc.history!.length, 3)
    assert.deepEqual(doc.history![1], { lastUpdate: '2025-10-03T00:00:00.000Z', stateOfCertifiedEnergyValue: 96.2, numberOfFullCyclesValue: 180, negativeEventCount: 1 })
  })

  test('a legacy battery exports its condition as not reported, never omitted or zero', () => {
    const doc = buildPassport(legacy, 'legitimate', NOW)
    const c = doc.performance.batteryCondition!
    for (const key of ['stateOfCertifiedEnergy', 'numberOfFullCycles', 'capacityFade', 'remainingEnergy', 'remainingCapacity', 'energyThroughput', 'negativeEvents'] as const) {
      assert.deepEqual(c[key], NOT_REPORTED, key)
    }
    // The chain always knows the state of charge, passport or not.
    assert.deepEqual(c.stateOfCharge, { stateOfChargeValue: 81.5, lastUpdate: '2026-01-01T00:00:00.000Z' })
    assert.deepEqual(doc.usage!.negativeEventCounts, NOT_REPORTED)
    assert.deepEqual(doc.usage!.exhausted, NOT_REPORTED)
    const t = doc.performance.batteryTechicalProperties
    assert.deepEqual([t.ratedEnergy, t.ratedCapacity, t.nominalVoltage, t.capacityThresholdForExhaustion], [NOT_REPORTED, NOT_REPORTED, NOT_REPORTED, NOT_REPORTED])
    assert.deepEqual(doc.materialComposition.batteryChemistry, NOT_REPORTED)
    assert.deepEqual(doc.generalProductInformation.productIdentifier, NOT_REPORTED)
    assert.equal(doc.generalProductInformation.batteryStatus, 'Reused')
    assert.deepEqual(doc.history, [])
  })

  test('the validator refuses a dynamic value without lastUpdate and names its path', () => {
    const doc = JSON.parse(JSON.stringify(buildPassport(rich, 'legitimate', NOW)))
    delete doc.performance.batteryCondition.stateOfCertifiedEnergy.lastUpdate
    const r = validatePassport(doc)
    assert.equal(r.ok, false)
    assert.deepEqual(!r.ok && r.errors, [
      "The passport's performance.batteryCondition.stateOfCertifiedEnergy has no lastUpdate (every dynamic value carries the time it was last updated).",
    ])
  })

  test('the validator refuses a zero standing for "not reported", a bad time and per-battery data in the public tier', () => {
    const legit = JSON.parse(JSON.stringify(buildPassport(legacy, 'legitimate', NOW)))
    legit.performance.batteryCondition.remainingEnergy = 0
    legit.performance.batteryCondition.stateOfCharge.lastUpdate = 'yesterday'
    legit.performance.batteryTechicalProperties.capacityThresholdForExhaustion = 140
    const r = validatePassport(legit)
    assert.equal(r.ok, false)
    assert.deepEqual(!r.ok && r.errors.sort(), [
      "The passport's performance.batteryCondition.remainingEnergy must be an object; an attribute without a value is {\"notReported\": true}, never 0 or null.",
      "The passport's performance.batteryCondition.stateOfCharge.lastUpdate must be a date-time (ISO 8601, e.g. 2025-01-31T12:00:00Z).",
      "The passport's performance.batteryTechicalProperties.capacityThresholdForExhaustion must be at most 100 %.",
    ])

    const pub = JSON.parse(JSON.stringify(buildPassport(rich, 'public', NOW)))
    pub.history = []
    const p = validatePassport(pub)
    assert.deepEqual(!p.ok && p.errors, ["The passport's history is per-battery data and must not be in a public-tier passport."])

    const noCondition = JSON.parse(JSON.stringify(buildPassport(rich, 'legitimate', NOW)))
    delete noCondition.performance.batteryCondition
    const n = validatePassport(noCondition)
    assert.deepEqual(!n.ok && n.errors, ["The passport's performance has no batteryCondition."])
  })

  test('docs/passport-example.json is the legitimate passport of the rich battery and validates', () => {
    const example: unknown = JSON.parse(readFileSync(join(import.meta.dirname, '../../docs/passport-example.json'), 'utf8'))
    assert.deepEqual(validatePassport(example), { ok: true })
    assert.deepEqual(example, JSON.parse(JSON.stringify(buildPassport(rich, 'legitimate', NOW))))
  })
})

describe('EIP-712 passport requests', () => {
  const CHAIN_ID = 1337
  const EVSWAP = '0x5FbDB2315678afecb367f032d93F642f64180aa3' as Address
  const domain = passportRequestDomain(CHAIN_ID, EVSWAP)
  const account = (): PrivateKeyAccount => privateKeyToAccount(generatePrivateKey())
  const ev = account()
  const station = account()
  const superAccount = account()
  const stranger = account()
  const parties = {
    batteryId: 3,
    owner: { name: 'EV 1', address: ev.address },
    holderStationAccount: { name: 'station 2', address: station.address },
    superAccounts: [{ name: 'super', address: superAccount.address }],
  }
  const sign = (who: PrivateKeyAccount, message: { batteryId: number; tier: string; expires: bigint }) =>
    who.signTypedData({ domain, types: passportRequestTypes, primaryType: 'PassportRequest', message })
  const message = { batteryId: 3, tier: 'legitimate', expires: BigInt(NOW + 600) }

  test('the owner, the station holding the battery and the super account are each let in', async () => {
    for (const [who, as] of [[ev, 'owner'], [station, 'station'], [superAccount, 'super']] as const) {
      const v = await verifyPassportRequest({ batteryId: 3, domain, message, signature: await sign(who, message), now: NOW })
      assert.deepEqual(v, { ok: true, signer: who.address })
      const a = checkPassportAccess({ ...parties, signer: v.ok ? v.signer : stranger.address })
      assert.equal(a.ok && a.reader.as, as)
    }
  })

  test('a stranger is refused with a sentence naming who may read the passport', async () => {
    const v = await verifyPassportRequest({ batteryId: 3, domain, message, signature: await sign(stranger, message), now: NOW })
    assert.ok(v.ok)
    const a = checkPassportAccess({ ...parties, signer: v.signer })
    assert.deepEqual(a, {
      ok: false,
      status: 403,
      reason: `The legitimate-interest passport of battery 3 is for its owner (EV 1, ${ev.address}), the station that holds it (station 2, ${station.address}) or the super account (super, ${superAccount.address}); ${stranger.address} signed this request.`,
    })
  })

  test('an expired request is refused', async () => {
    const old = { ...message, expires: BigInt(NOW - 1) }
    const v = await verifyPassportRequest({ batteryId: 3, domain, message: old, signature: await sign(ev, old), now: NOW })
    assert.deepEqual(v, {
      ok: false,
      reason: 'The passport request for battery 3 expired at 2025-12-31T23:59:59.000Z (it is now 2026-01-01T00:00:00.000Z); sign a new one.',
    })
  })

  test('a signature for another battery is refused, whether or not its message is rewritten', async () => {
    const other = { ...message, batteryId: 4 }
    const signature = await sign(ev, other)
    const asSigned = await verifyPassportRequest({ batteryId: 3, domain, message: other, signature, now: NOW })
    assert.deepEqual(asSigned, { ok: false, reason: 'This passport request was signed for battery 4, not battery 3.' })
    // Presented as battery 3's, the signature recovers someone other than the owner, who is refused.
    const rewritten = await verifyPassportRequest({ batteryId: 3, domain, message, signature, now: NOW })
    assert.ok(rewritten.ok)
    assert.notEqual(rewritten.signer, ev.address)
    assert.equal(checkPassportAccess({ ...parties, signer: rewritten.signer }).ok, false)
  })

  test('a malformed request is refused with a sentence', async () => {
    const signature = await sign(ev, message)
    const cases: [Parameters<typeof verifyPassportRequest>[0], string][] = [
      [{ batteryId: 3, domain, message: { ...message, tier: 'public' }, signature, now: NOW }, 'The passport request asks for the "public" tier; only the "legitimate" tier needs a signed request.'],
      [{ batteryId: 3, domain, message: { ...message, expires: 'soon' }, signature, now: NOW }, 'The passport request\'s expires, "soon", is not a time in unix seconds.'],
      [{ batteryId: 3, domain, message, signature: '0x1234', now: NOW }, 'The passport request\'s signature is not a 65-byte hex signature (0x and 130 hex digits).'],
    ]
    for (const [request, reason] of cases) assert.deepEqual(await verifyPassportRequest(request), { ok: false, reason })
  })
})
