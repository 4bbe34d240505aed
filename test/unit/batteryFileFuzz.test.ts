// Property tests of the battery file reader over generated files: valid ones built from values within
// every field's range (written as numbers or numeric strings, as the paper's own example mixes them), and
// broken ones (truncated text, random bytes, words where numbers belong, out-of-range values, missing
// fields, wrong nesting, prototype keys), with and without the optional passport and condition sections of
// issue 16. Fixed seed, so a failure replays.
import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import fc from 'fast-check'
import type { ConditionReading, PassportInfo } from '../../src/sdk/passport/passportTypes.js'
import type { BatteryFileResult, BatteryRecord } from '../../src/thin/usb/batteryRecord.js'
import { batteryToFileJson } from '../../src/thin/usb/batteryToFileJson.js'
import { formatBatteryErrors } from '../../src/thin/usb/formatBatteryErrors.js'
import { parseBatteryJson } from '../../src/thin/usb/parseBatteryJson.js'

const SEED = 20180618
const FILE = '/media/usb0/battery information.json'
const UINT32 = 4294967295
/**
 * Far above the microseconds a call takes, and above a GC pause on a busy machine; only a pathological
 * case (a regex blow-up, a 10^n loop on a huge exponent) fails it.
 */
const SLOW_MS = 250
let generated = 0
let slowest = 0

type Json = { [key: string]: any }

/** Parses, counting the file and failing on anything slow; never lets an exception through unnoticed. */
function parse(text: string): BatteryFileResult {
  generated++
  const started = performance.now()
  const result = parseBatteryJson(text, FILE)
  const took = performance.now() - started
  slowest = Math.max(slowest, took)
  assert.ok(took < SLOW_MS, `parseBatteryJson took ${took.toFixed(1)} ms`)
  return result
}

/** Every rejection names the file and at least one field path (JSON for syntax errors). */
function assertWellFormedRejection(result: BatteryFileResult): string[] {
  assert.equal(result.file, FILE)
  if (result.ok) return []
  assert.ok(result.errors.length > 0, 'a rejection lists at least one error')
  for (const e of result.errors) {
    assert.ok(typeof e.field === 'string' && e.field.length > 0, `error without a field: ${JSON.stringify(e)}`)
    assert.ok(typeof e.message === 'string' && e.message.length > 0)
    if (e.field === 'JSON') assert.match(e.message, /line \d+, column \d+ \(position \d+\)|the file is empty|syntax error/)
  }
  const text = formatBatteryErrors(result)
  assert.ok(text.startsWith(`${FILE}: `), 'the report names the file')
  for (const e of result.errors) assert.ok(text.includes(`  ${e.field}: `), `the report names ${e.field}`)
  return result.errors.map((e) => e.field)
}

// ------------------------------------------------------------------ valid files

/** A number written as a JSON number or as a numeric string, maybe padded or with trailing zeros. */
function spelled(exact: string): fc.Arbitrary<number | string> {
  const asNumber = Number(exact)
  return fc.oneof(
    fc.constant(asNumber),
    fc.constant(exact),
    fc.constant(` ${exact} `),
    fc.constant(exact.includes('.') ? `${exact}00` : `${exact}.0`),
  )
}

/** `units / 10^decimals` as exact decimal text: 16410n, 2 -> "164.1". */
function decimalText(units: bigint, decimals: number): string {
  if (decimals === 0) return units.toString()
  const digits = units.toString().padStart(decimals + 1, '0')
  const fraction = digits.slice(-decimals).replace(/0+$/, '')
  return fraction ? `${digits.slice(0, -decimals)}.${fraction}` : digits.slice(0, -decimals)
}

const hoursText = (seconds: number) => String(Number((seconds / 3600).toFixed(6)))

const plainRecordArb = fc.record({
  batteryId: fc.option(fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER }), { nil: null }),
  ownerAddress: fc.option(fc.uint8Array({ minLength: 20, maxLength: 20 }).map((b) => `0x${Buffer.from(b).toString('hex')}` as `0x${string}`), { nil: null }),
  filePath: fc.constantFrom('/media/usb0/battery information.json', '', 'D:\\battery information.json'),
  staticInfo: fc.record({
    brand: fc.string({ minLength: 1, maxLength: 16 }).filter((s) => s.trim() !== ''),
    maxChargingCount: fc.integer({ min: 1, max: UINT32 }),
    maxDischargingCount: fc.integer({ min: 1, max: UINT32 }),
    maxChargingTotalTime: fc.integer({ min: 1, max: UINT32 }),
    maxDischargingTotalTime: fc.integer({ min: 1, max: UINT32 }),
    manufactureYear: fc.integer({ min: 1970, max: 2200 }),
    manufactureMonth: fc.integer({ min: 1, max: 12 }),
    maxYearLimited: fc.integer({ min: 1, max: 255 }),
    manufacturePrice: fc.bigInt({ min: 0n, max: 10n ** 15n - 1n }),
  }),
  dynamicInfo: fc.record({
    price: fc.bigInt({ min: 0n, max: 10n ** 15n - 1n }),
    energyWh: fc.integer({ min: 0, max: UINT32 }),
    socPermille: fc.integer({ min: 0, max: 1000 }),
    chargingCount: fc.integer({ min: 0, max: UINT32 }),
    dischargingCount: fc.integer({ min: 0, max: UINT32 }),
    chargingTotalTime: fc.integer({ min: 0, max: UINT32 }),
    dischargingTotalTime: fc.integer({ min: 0, max: UINT32 }),
  }),
})

const passportArb: fc.Arbitrary<PassportInfo> = fc.record({
  certifiedUsableEnergyWh: fc.integer({ min: 1, max: UINT32 }),
  ratedCapacityMAh: fc.integer({ min: 1, max: UINT32 }),
  expectedLifetimeCycles: fc.integer({ min: 1, max: UINT32 }),
  exhaustionThresholdPermille: fc.integer({ min: 1, max: 999 }),
  chemistry: fc.string({ minLength: 1, maxLength: 8 }).filter((s) => s.trim() !== ''),
  nominalVoltageDecivolts: fc.integer({ min: 1, max: 65535 }),
})
const reported = (max: number) => fc.option(fc.integer({ min: 0, max }), { nil: null })
const conditionArb: fc.Arbitrary<ConditionReading> = fc.record({
  remainingEnergyWh: reported(UINT32),
  remainingCapacityMAh: reported(UINT32),
  energyThroughputWh: reported(2 ** 48 - 1),
  deepDischargeEvents: reported(65535),
  overchargeEvents: reported(65535),
  overTemperatureEvents: reported(65535),
  extremeTemperatureSeconds: reported(UINT32),
})

/** A record without a passport, with one, or with one and a condition (never a condition alone). */
const recordArb: fc.Arbitrary<BatteryRecord> = fc
  .tuple(plainRecordArb, fc.option(passportArb, { nil: null }), fc.option(conditionArb, { nil: null }))
  .map(([record, passport, condition]) => ({ ...record, passport, condition: passport ? condition : null }))
/** A record with a passport and a condition section (whose fields may be unreported). */
const passportRecordArb: fc.Arbitrary<BatteryRecord> = fc
  .tuple(plainRecordArb, passportArb, conditionArb)
  .map(([record, passport, condition]) => ({ ...record, passport, condition }))

/** A value the file leaves out (or writes null) when it is not reported, or `spelled` otherwise. */
const optionalSpelled = (value: number | null, text: (v: number) => string) => (value === null ? fc.constantFrom(undefined, null) : spelled(text(value)))

/** A record and one of the many ways a person or a program could have written it in a file. */
const fileArbOf = (records: fc.Arbitrary<BatteryRecord>): fc.Arbitrary<{ record: BatteryRecord; json: Json; indent: number }> => records.chain((record) => {
  const s = record.staticInfo
  const d = record.dynamicInfo
  const p = record.passport
  const c = record.condition
  const owner = record.ownerAddress
  return fc.record({
    record: fc.constant(record),
    indent: fc.constantFrom(0, 2, 4),
    json: fc.record({
      batteryID: record.batteryId === null ? fc.constantFrom(0, '', null, '0', undefined) : spelled(String(record.batteryId)),
      ownerAddress: owner === null ? fc.constantFrom('', null, undefined) : fc.constantFrom(owner, owner.toUpperCase().replace('0X', '0x')),
      filePath: fc.constant(record.filePath),
      staticInfo: fc.record({
        brand: fc.constant(s.brand),
        maxChargingCount: spelled(String(s.maxChargingCount)),
        maxDischargingCount: spelled(String(s.maxDischargingCount)),
        maxYearLimited: spelled(String(s.maxYearLimited)),
        maxChargingTotalTime: spelled(hoursText(s.maxChargingTotalTime)),
        maxDischargingTotalTime: spelled(hoursText(s.maxDischargingTotalTime)),
        manufactureYear: spelled(String(s.manufactureYear)),
        manufactureMonth: spelled(String(s.manufactureMonth)),
        manufacturePrice: spelled(decimalText(s.manufacturePrice, 2)),
      }),
      dynamicInfo: fc.record({
        price: spelled(decimalText(d.price, 2)),
        energy: spelled(decimalText(BigInt(d.energyWh), 3)),
        SOC: spelled(decimalText(BigInt(d.socPermille), 1)),
        chargingCount: spelled(String(d.chargingCount)),
        dischargingCount: spelled(String(d.dischargingCount)),
        chargingTotalTime: spelled(hoursText(d.chargingTotalTime)),
        dischargingTotalTime: spelled(hoursText(d.dischargingTotalTime)),
      }),
      passport: p === null ? fc.constantFrom(undefined, null) : fc.record({
        certifiedUsableEnergy: spelled(decimalText(BigInt(p.certifiedUsableEnergyWh), 3)),
        ratedCapacity: spelled(decimalText(BigInt(p.ratedCapacityMAh), 3)),
        expectedLifetimeCycles: spelled(String(p.expectedLifetimeCycles)),
        capacityThresholdForExhaustion: spelled(decimalText(BigInt(p.exhaustionThresholdPermille), 1)),
        chemistry: fc.constant(p.chemistry),
        nominalVoltage: spelled(decimalText(BigInt(p.nominalVoltageDecivolts), 1)),
      }),
      condition: c === null ? fc.constantFrom(undefined, null) : fc.record({
        remainingEnergy: optionalSpelled(c.remainingEnergyWh, (v) => decimalText(BigInt(v), 3)),
        remainingCapacity: optionalSpelled(c.remainingCapacityMAh, (v) => decimalText(BigInt(v), 3)),
        energyThroughput: optionalSpelled(c.energyThroughputWh, (v) => decimalText(BigInt(v), 3)),
        deepDischargeEvents: optionalSpelled(c.deepDischargeEvents, String),
        overchargeEvents: optionalSpelled(c.overchargeEvents, String),
        overTemperatureEvents: optionalSpelled(c.overTemperatureEvents, String),
        timeAtExtremeTemperature: optionalSpelled(c.extremeTemperatureSeconds, hoursText),
      }),
    }).map((json) => {
      // undefined above stands for "field absent", which JSON.stringify does by itself.
      return json as Json
    }),
  })
})
const validFileArb = fileArbOf(recordArb)

// ------------------------------------------------------------------ broken files

/** Numeric fields by path, with values just outside their range (and a message word to expect). */
const OUT_OF_RANGE: [string, fc.Arbitrary<number | string>][] = [
  ['staticInfo.maxChargingCount', fc.oneof(fc.constant(0), fc.integer({ min: UINT32 + 1, max: Number.MAX_SAFE_INTEGER }), fc.constant(-1))],
  ['staticInfo.maxDischargingCount', fc.oneof(fc.constant('0'), fc.constant(String(UINT32 + 1)))],
  ['staticInfo.maxYearLimited', fc.oneof(fc.constant(0), fc.integer({ min: 256, max: 100000 }))],
  ['staticInfo.maxChargingTotalTime', fc.oneof(fc.constant(0), fc.constant('0.0001'), fc.double({ min: 1193046.471, max: 1e12, noNaN: true }), fc.constant(-2))],
  ['staticInfo.maxDischargingTotalTime', fc.constant('1193047')],
  ['staticInfo.manufactureYear', fc.oneof(fc.integer({ min: -5000, max: 1969 }), fc.integer({ min: 2201, max: 99999 }), fc.constant(2017.5))],
  ['staticInfo.manufactureMonth', fc.oneof(fc.constant(0), fc.integer({ min: 13, max: 1000 }), fc.constant('11.5'))],
  ['staticInfo.manufacturePrice', fc.oneof(fc.double({ min: -1e9, max: -0.01, noNaN: true }), fc.constant('1.001'), fc.constant(1e15))],
  ['dynamicInfo.price', fc.oneof(fc.integer({ min: -1e9, max: -1 }), fc.constant(-0.01), fc.constant('164.123'))],
  ['dynamicInfo.energy', fc.oneof(fc.constant(-0.001), fc.constant(4294967.296), fc.constant('20.0005'))],
  ['dynamicInfo.SOC', fc.oneof(fc.double({ min: 100.1, max: 1e9, noNaN: true }), fc.constant(-0.1), fc.constant('100.1'), fc.constant(99.55))],
  ['dynamicInfo.chargingCount', fc.oneof(fc.constant(-1), fc.constant(1.5), fc.constant(UINT32 + 1))],
  ['dynamicInfo.dischargingCount', fc.constant('-3')],
  ['dynamicInfo.chargingTotalTime', fc.oneof(fc.constant(-0.5), fc.constant('1e7'))],
  ['dynamicInfo.dischargingTotalTime', fc.constant(1e300)],
]
const NUMERIC_PATHS = OUT_OF_RANGE.map(([path]) => path)
const REQUIRED_PATHS = [
  'staticInfo', 'dynamicInfo', 'staticInfo.brand', ...NUMERIC_PATHS,
]

function getParent(json: Json, path: string): [Json, string] {
  const parts = path.split('.')
  let at = json
  for (const p of parts.slice(0, -1)) at = at[p]
  return [at, parts[parts.length - 1]!]
}

const isNumeric = (s: string) => /^\s*-?\d+(\.\d+)?([eE][+-]?\d+)?\s*$/.test(s)
const wordArb = fc.oneof(
  fc.constantFrom('twenty', 'abc', 'NaN', 'Infinity', '-Infinity', '', ' ', '1,5', '1 000', 'true', '0x10', '12kWh', '٣', '１２'),
  fc.string({ maxLength: 12 }).filter((s) => !isNumeric(s)),
)
const notANumberArb = fc.oneof(wordArb, fc.constant(true), fc.constant(null), fc.constant([]), fc.constant({}), fc.array(fc.integer(), { minLength: 1, maxLength: 3 }))

const validJsonArb = validFileArb.map(({ json }) => JSON.parse(JSON.stringify(json)) as Json)
const passportJsonArb = fileArbOf(passportRecordArb).map(({ json }) => JSON.parse(JSON.stringify(json)) as Json)

/** Passport and condition fields by path, with values outside their range or not numbers. */
const PASSPORT_OUT_OF_RANGE: [string, fc.Arbitrary<number | string>][] = [
  ['passport.certifiedUsableEnergy', fc.oneof(fc.constant(0), fc.constant(-1), fc.constant('0.0001'), fc.constant(4294967.296))],
  ['passport.ratedCapacity', fc.oneof(fc.constant('0'), fc.constant(1.0005), fc.double({ min: 4294967.3, max: 1e12, noNaN: true }))],
  ['passport.expectedLifetimeCycles', fc.oneof(fc.constant(0), fc.constant(1.5), fc.constant(UINT32 + 1))],
  ['passport.capacityThresholdForExhaustion', fc.oneof(fc.constant(0), fc.constant(100), fc.constant('-5'), fc.constant(70.55), fc.double({ min: 100, max: 1e9, noNaN: true }))],
  ['passport.nominalVoltage', fc.oneof(fc.constant(0), fc.constant(6553.6), fc.constant('400.05'))],
  ['condition.remainingEnergy', fc.oneof(fc.constant(-0.001), fc.constant(4294967.296), fc.constant('1.2345'))],
  ['condition.remainingCapacity', fc.oneof(fc.constant(-1), fc.constant('4294967.296'))],
  ['condition.energyThroughput', fc.oneof(fc.constant(-2), fc.constant(281474976710.656), fc.constant(0.0001))],
  ['condition.deepDischargeEvents', fc.oneof(fc.constant(-1), fc.constant(65536), fc.constant(2.5))],
  ['condition.overchargeEvents', fc.constant('65536')],
  ['condition.overTemperatureEvents', fc.constant(-3)],
  ['condition.timeAtExtremeTemperature', fc.oneof(fc.constant(-0.5), fc.constant(1193047))],
]
const PASSPORT_PATHS = ['passport.certifiedUsableEnergy', 'passport.ratedCapacity', 'passport.expectedLifetimeCycles',
  'passport.capacityThresholdForExhaustion', 'passport.chemistry', 'passport.nominalVoltage']
const CONDITION_KEYS: [string, keyof ConditionReading][] = [
  ['remainingEnergy', 'remainingEnergyWh'], ['remainingCapacity', 'remainingCapacityMAh'], ['energyThroughput', 'energyThroughputWh'],
  ['deepDischargeEvents', 'deepDischargeEvents'], ['overchargeEvents', 'overchargeEvents'], ['overTemperatureEvents', 'overTemperatureEvents'],
  ['timeAtExtremeTemperature', 'extremeTemperatureSeconds'],
]

describe('battery file fuzz', { concurrency: false }, () => {
  test('testFuzz_parse_validFiles_giveTheRecord_andRoundTrip', () => {
    fc.assert(
      fc.property(validFileArb, ({ record, json, indent }) => {
        const result = parse(JSON.stringify(json, null, indent))
        if (!result.ok) assert.fail(formatBatteryErrors(result))
        // structuredClone: fast-check builds records without a prototype, which deepEqual would count.
        assert.deepEqual(result.battery, structuredClone(record))
        const again = parse(JSON.stringify(batteryToFileJson(result.battery)))
        if (!again.ok) assert.fail(formatBatteryErrors(again))
        assert.deepEqual(again.battery, result.battery)
      }),
      { seed: SEED, numRuns: 4000, includeErrorInReport: true },
    )
  })

  test('testFuzz_parse_truncatedText_isAJsonError', () => {
    fc.assert(
      fc.property(validFileArb, fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true }), ({ json, indent }, cut) => {
        const text = JSON.stringify(json, null, indent)
        const fields = assertWellFormedRejection(parse(text.slice(0, Math.floor(cut * text.length))))
        assert.deepEqual(fields, ['JSON'])
      }),
      { seed: SEED + 1, numRuns: 1500, includeErrorInReport: true },
    )
  })

  test('testFuzz_parse_randomBytes_neverThrows', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 600 }), fc.boolean(), (bytes, latin1) => {
        const text = Buffer.from(bytes).toString(latin1 ? 'latin1' : 'utf8')
        const result = parse(text)
        assert.equal(result.ok, false)
        assertWellFormedRejection(result)
      }),
      { seed: SEED + 2, numRuns: 1500, includeErrorInReport: true },
    )
  })

  test('testFuzz_parse_wordsWhereNumbersBelong_nameTheField', () => {
    fc.assert(
      fc.property(validJsonArb, fc.constantFrom(...NUMERIC_PATHS), notANumberArb, (json, path, word) => {
        const [parent, key] = getParent(json, path)
        parent[key] = word
        const fields = assertWellFormedRejection(parse(JSON.stringify(json)))
        assert.deepEqual(fields, [path])
      }),
      { seed: SEED + 3, numRuns: 1500, includeErrorInReport: true },
    )
  })

  test('testFuzz_parse_outOfRangeValues_nameTheField', () => {
    const arb = fc.constantFrom(...OUT_OF_RANGE).chain(([path, valueArb]) => fc.tuple(fc.constant(path), valueArb))
    fc.assert(
      fc.property(validJsonArb, arb, (json, [path, value]) => {
        const [parent, key] = getParent(json, path)
        parent[key] = value
        const fields = assertWellFormedRejection(parse(JSON.stringify(json)))
        assert.deepEqual(fields, [path])
      }),
      { seed: SEED + 4, numRuns: 1500, includeErrorInReport: true },
    )
  })

  test('testFuzz_parse_missingFields_nameTheField', () => {
    fc.assert(
      fc.property(validJsonArb, fc.subarray(REQUIRED_PATHS, { minLength: 1, maxLength: 4 }), (json, paths) => {
        for (const path of paths) {
          const [parent, key] = getParent(json, path)
          if (parent) delete parent[key]
        }
        const fields = assertWellFormedRejection(parse(JSON.stringify(json)))
        // A field inside a removed section is reported as its section.
        const expected = paths.filter((p) => !paths.includes(p.split('.')[0]!) || !p.includes('.'))
        assert.deepEqual([...fields].sort(), [...expected].sort())
      }),
      { seed: SEED + 5, numRuns: 1000, includeErrorInReport: true },
    )
  })

  test('testFuzz_parse_wrongNestingAndPrototypeKeys_nameTheField', () => {
    const nesting = fc.oneof(
      fc.constant<['wrap-root']>(['wrap-root']),
      fc.tuple(fc.constant('wrap-section' as const), fc.constantFrom('staticInfo', 'dynamicInfo'), fc.constantFrom('list', 'string', 'deeper')),
      fc.tuple(fc.constant('wrap-field' as const), fc.constantFrom(...NUMERIC_PATHS, 'staticInfo.brand'), fc.constantFrom('object', 'list')),
      fc.tuple(fc.constant('proto' as const), fc.constantFrom('', 'staticInfo.', 'dynamicInfo.'), fc.constantFrom('__proto__', 'constructor', 'prototype')),
    )
    fc.assert(
      fc.property(validJsonArb, nesting, (json, how) => {
        let text: string
        let expected: string[]
        if (how[0] === 'wrap-root') {
          text = JSON.stringify({ battery: json })
          expected = ['staticInfo', 'dynamicInfo']
        } else if (how[0] === 'wrap-section') {
          const [, section, shape] = how
          json[section] = shape === 'list' ? [json[section]] : shape === 'string' ? JSON.stringify(json[section]) : { [section]: json[section] }
          text = JSON.stringify(json)
          expected = shape === 'deeper' ? Object.keys(JSON.parse(JSON.stringify(json))[section][section]).map((k) => `${section}.${k}`).filter((p) => REQUIRED_PATHS.includes(p)) : [section]
        } else if (how[0] === 'wrap-field') {
          const [, path, shape] = how
          const [parent, key] = getParent(json, path)
          parent[key] = shape === 'object' ? { value: parent[key] } : [parent[key]]
          text = JSON.stringify(json)
          expected = [path]
        } else {
          const [, prefix, key] = how
          // JSON.parse makes "__proto__" an own key; it must be refused, never merged.
          const section = prefix.slice(0, -1)
          const target = section ? json[section] : json
          text = JSON.stringify(json).replace(section ? `"${section}":{` : '{', (m) => `${m}"${key}":{"polluted":true},`)
          expected = [`${prefix}${key}`]
          assert.ok(target)
        }
        const fields = assertWellFormedRejection(parse(text))
        assert.deepEqual([...fields].sort(), [...expected].sort())
        assert.equal(({} as Json).polluted, undefined)
      }),
      { seed: SEED + 6, numRuns: 1000, includeErrorInReport: true },
    )
  })

  test('testFuzz_parse_passportValuesOutOfRangeOrWords_nameTheField', () => {
    const bad = fc.oneof(
      fc.constantFrom(...PASSPORT_OUT_OF_RANGE).chain(([path, valueArb]) => fc.tuple(fc.constant(path), valueArb as fc.Arbitrary<unknown>)),
      fc.tuple(fc.constantFrom(...PASSPORT_OUT_OF_RANGE.map(([path]) => path)), notANumberArb.filter((w) => w !== null) as fc.Arbitrary<unknown>),
      fc.tuple(fc.constant('passport.chemistry'), fc.oneof(fc.constantFrom('', '   ', 'NMC811-LMO', 'Li\u00f6n', 'a\tb', 42, null, []) as fc.Arbitrary<unknown>)),
    )
    fc.assert(
      fc.property(passportJsonArb, bad, (json, [path, value]) => {
        const [parent, key] = getParent(json, path)
        parent[key] = value
        const fields = assertWellFormedRejection(parse(JSON.stringify(json)))
        assert.deepEqual(fields, [path])
      }),
      { seed: SEED + 7, numRuns: 1500, includeErrorInReport: true },
    )
  })

  test('testFuzz_parse_passportFieldsMissing_nameTheField_conditionFieldsMissing_areNull', () => {
    fc.assert(
      fc.property(passportJsonArb, fc.subarray(PASSPORT_PATHS), fc.subarray(CONDITION_KEYS), (json, passportPaths, conditionKeys) => {
        for (const path of passportPaths) {
          const [parent, key] = getParent(json, path)
          delete parent[key]
        }
        for (const [key] of conditionKeys) delete json.condition[key]
        const result = parse(JSON.stringify(json))
        if (passportPaths.length) {
          assert.deepEqual([...assertWellFormedRejection(result)].sort(), [...passportPaths].sort())
          return
        }
        if (!result.ok) assert.fail(formatBatteryErrors(result))
        for (const [key, field] of conditionKeys) assert.equal(result.battery.condition?.[field], null, `${key} left out is not reported`)
      }),
      { seed: SEED + 8, numRuns: 1000, includeErrorInReport: true },
    )
  })

  test('testFuzz_parse_conditionWithoutPassport_isRefused', () => {
    fc.assert(
      fc.property(passportJsonArb, (json) => {
        delete json.passport
        assert.deepEqual(assertWellFormedRejection(parse(JSON.stringify(json))), ['condition'])
      }),
      { seed: SEED + 9, numRuns: 300, includeErrorInReport: true },
    )
  })

  test('test_fuzz_generatedAtLeast10000Files', (t) => {
    t.diagnostic(`battery file fuzz: ${generated} generated files parsed (seed ${SEED}), slowest call ${slowest.toFixed(2)} ms`)
    assert.ok(generated >= 10000, `only ${generated} files`)
  })
})
