import assert from 'node:assert/strict'
import { chmod, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, test } from 'node:test'
import { BATTERY_FILE_NAME, type BatteryFileResult, type BatteryRecord } from '../../src/thin/usb/batteryRecord.js'
import { batteryToFileJson } from '../../src/thin/usb/batteryToFileJson.js'
import { formatBatteryErrors } from '../../src/thin/usb/formatBatteryErrors.js'
import { parseBatteryJson } from '../../src/thin/usb/parseBatteryJson.js'
import { readBatteryFile } from '../../src/thin/usb/readBatteryFile.js'
import { writeBatteryFile } from '../../src/thin/usb/writeBatteryFile.js'
import { FIG6_PASSPORT_RECORD, FIG6_RECORD, FIG6_TEXT, PASSPORT_SECTIONS, fig6With } from '../helpers/fig6Battery.js'

const FILE = 'usb0/battery information.json'

function errorsOf(result: BatteryFileResult): string[] {
  assert.equal(result.ok, false, 'expected the file to be rejected')
  return result.ok ? [] : result.errors.map((e) => `${e.field}: ${e.message}`)
}

function batteryOf(result: BatteryFileResult): BatteryRecord {
  if (!result.ok) assert.fail(`expected a valid file, got:\n${formatBatteryErrors(result)}`)
  return result.battery
}

describe('parseBatteryJson', () => {
  test('test_parse_fig6ExampleWithNumericStrings_givesChainUnits', () => {
    assert.deepEqual(batteryOf(parseBatteryJson(FIG6_TEXT, FILE)), FIG6_RECORD)
  })

  test('test_parse_numbersAndNumericStrings_areTheSame', () => {
    const asStrings = fig6With((j) => {
      for (const section of [j.staticInfo, j.dynamicInfo]) for (const k of Object.keys(section)) if (k !== 'brand') section[k] = ` ${section[k]} `
      j.batteryID = '1'
    })
    assert.deepEqual(batteryOf(parseBatteryJson(asStrings, FILE)), FIG6_RECORD)
  })

  test('test_parse_unregisteredBattery_givesNullIdAndOwner', () => {
    for (const id of [undefined, 0, '', null, '0']) {
      const text = fig6With((j) => {
        if (id === undefined) delete j.batteryID
        else j.batteryID = id
        j.ownerAddress = id === null ? null : ''
      })
      const b = batteryOf(parseBatteryJson(text, FILE))
      assert.equal(b.batteryId, null, `batteryID ${JSON.stringify(id)}`)
      assert.equal(b.ownerAddress, null)
    }
  })

  test('test_parse_ownerAddress_isLowerCased', () => {
    const owner = '0xAbCdEf0123456789aBcDeF0123456789AbCdEf01'
    const b = batteryOf(parseBatteryJson(fig6With((j) => (j.ownerAddress = owner)), FILE))
    assert.equal(b.ownerAddress, owner.toLowerCase())
  })

  test('test_parse_decimals_areExact', () => {
    const b = batteryOf(parseBatteryJson(fig6With((j) => {
      j.dynamicInfo.price = 164.1 // 164.1 * 100 is 16409.999999999998 in floats
      j.staticInfo.manufacturePrice = '0.29'
      j.dynamicInfo.energy = 20.555
      j.dynamicInfo.SOC = '99.5'
      j.dynamicInfo.chargingTotalTime = 1.5
      j.dynamicInfo.dischargingTotalTime = '0.0001' // 0.36 s rounds to 0
      j.staticInfo.maxChargingTotalTime = 1193046.470833 // the largest uint32 seconds
    }), FILE))
    assert.equal(b.dynamicInfo.price, 16410n)
    assert.equal(b.staticInfo.manufacturePrice, 29n)
    assert.equal(b.dynamicInfo.energyWh, 20555)
    assert.equal(b.dynamicInfo.socPermille, 995)
    assert.equal(b.dynamicInfo.chargingTotalTime, 5400)
    assert.equal(b.dynamicInfo.dischargingTotalTime, 0)
    assert.equal(b.staticInfo.maxChargingTotalTime, 4294967295)
  })

  test('test_RevertWhen_valuesOutOfRange_eachFieldIsNamed', () => {
    const errors = errorsOf(parseBatteryJson(fig6With((j) => {
      j.dynamicInfo.SOC = 130
      j.dynamicInfo.price = -5
      j.staticInfo.manufactureYear = 1969
      j.staticInfo.manufactureMonth = '13'
      j.staticInfo.maxYearLimited = 256
      j.staticInfo.maxChargingCount = 0
      j.dynamicInfo.chargingCount = 4294967296
      j.staticInfo.maxDischargingTotalTime = 0
      j.dynamicInfo.dischargingTotalTime = 1193047
    }), FILE))
    assert.deepEqual(errors, [
      'staticInfo.maxChargingCount: 0 is under 1 (count); expected a whole number from 1 to 4294967295',
      'staticInfo.maxDischargingTotalTime: 0 hours is 0 seconds; expected hours > 0 (decimals allowed), at most 1193046.470833',
      'staticInfo.manufactureYear: 1969 is under 1970 (year); expected a year from 1970 to 2200',
      'staticInfo.manufactureMonth: 13 is over 12 (month)',
      'staticInfo.maxYearLimited: 256 is over 255 (years)',
      'dynamicInfo.price: -5 is negative; expected E-coin >= 0 with at most 2 decimals',
      'dynamicInfo.SOC: 130 is over 100 (percent)',
      'dynamicInfo.chargingCount: 4294967296 is over 4294967295 (count)',
      'dynamicInfo.dischargingTotalTime: 1193047 is over 1193046.470833 (hours; the chain counts seconds in a uint32)',
    ])
  })

  test('test_RevertWhen_tooManyDecimalsOrNotWhole', () => {
    const errors = errorsOf(parseBatteryJson(fig6With((j) => {
      j.dynamicInfo.price = '1.234'
      j.dynamicInfo.energy = 1.0005
      j.dynamicInfo.SOC = 99.55
      j.dynamicInfo.chargingCount = 1.5
    }), FILE))
    assert.deepEqual(errors, [
      'dynamicInfo.price: 1.234 has more than 2 decimals; expected E-coin >= 0 with at most 2 decimals',
      'dynamicInfo.energy: 1.0005 has more than 3 decimals; expected kWh >= 0 with at most 3 decimals',
      'dynamicInfo.SOC: 99.55 has more than 1 decimal; expected a percentage from 0 to 100 with at most 1 decimal',
      'dynamicInfo.chargingCount: 1.5 is not a whole number; expected a whole number from 0 to 4294967295',
    ])
  })

  test('test_RevertWhen_wordsOrWrongTypesWhereNumbersBelong', () => {
    const errors = errorsOf(parseBatteryJson(fig6With((j) => {
      j.dynamicInfo.energy = 'twenty'
      j.staticInfo.maxChargingCount = true
      j.staticInfo.manufacturePrice = { value: 200 }
      j.dynamicInfo.SOC = [100]
      j.dynamicInfo.price = null
      j.dynamicInfo.chargingCount = '0x10'
      j.dynamicInfo.dischargingCount = '1e999'
    }), FILE))
    assert.deepEqual(errors, [
      'staticInfo.maxChargingCount: true is not a number; expected a whole number from 1 to 4294967295',
      'staticInfo.manufacturePrice: an object is not a number; expected E-coin >= 0 with at most 2 decimals',
      'dynamicInfo.price: null is not a number; expected E-coin >= 0 with at most 2 decimals',
      'dynamicInfo.energy: "twenty" is not a number; expected kWh >= 0 with at most 3 decimals',
      'dynamicInfo.SOC: a list is not a number; expected a percentage from 0 to 100 with at most 1 decimal',
      'dynamicInfo.chargingCount: "0x10" is not a number; expected a whole number from 0 to 4294967295',
      'dynamicInfo.dischargingCount: 1e999 is far too large or too precise; expected a whole number from 0 to 4294967295',
    ])
  })

  test('test_RevertWhen_jsonNumberOverflowsToInfinity', () => {
    const text = FIG6_TEXT.replace('"price": 164', '"price": 1e400')
    assert.deepEqual(errorsOf(parseBatteryJson(text, FILE)), ['dynamicInfo.price: Infinity is not a number; expected E-coin >= 0 with at most 2 decimals'])
  })

  test('test_RevertWhen_brandIsBad', () => {
    const cases: [unknown, RegExp][] = [
      ['', /staticInfo\.brand: is empty/],
      ['   ', /staticInfo\.brand: is empty/],
      ['Samsung SDI Energy Co', /is 21 characters, over 16/],
      ['Säm', /printable ASCII/],
      ['a\nb', /printable ASCII/],
      [42, /staticInfo\.brand: 42 is not text/],
    ]
    for (const [brand, pattern] of cases) {
      const errors = errorsOf(parseBatteryJson(fig6With((j) => (j.staticInfo.brand = brand)), FILE))
      assert.equal(errors.length, 1, JSON.stringify(errors))
      assert.match(errors[0]!, pattern)
    }
    assert.equal(batteryOf(parseBatteryJson(fig6With((j) => (j.staticInfo.brand = 'Sixteen chars ok')), FILE)).staticInfo.brand, 'Sixteen chars ok')
  })

  test('test_RevertWhen_fieldsMissing_eachIsNamed', () => {
    const errors = errorsOf(parseBatteryJson(fig6With((j) => {
      delete j.staticInfo.brand
      delete j.dynamicInfo.SOC
    }), FILE))
    assert.deepEqual(errors, [
      'staticInfo.brand: missing; expected a brand name of 1 to 16 printable ASCII characters',
      'dynamicInfo.SOC: missing; expected a percentage from 0 to 100 with at most 1 decimal',
    ])
  })

  test('test_RevertWhen_wrongNesting', () => {
    const nested = errorsOf(parseBatteryJson(JSON.stringify({ battery: JSON.parse(FIG6_TEXT) }), FILE))
    assert.match(nested.join('\n'), /^staticInfo: missing/m)
    assert.match(nested.join('\n'), /^dynamicInfo: missing/m)
    const sectionIsList = errorsOf(parseBatteryJson(fig6With((j) => (j.dynamicInfo = [j.dynamicInfo])), FILE))
    assert.deepEqual(sectionIsList, ['dynamicInfo: a list is not an object; expected an object with price, energy, SOC, chargingCount, dischargingCount, chargingTotalTime, dischargingTotalTime'])
    for (const root of ['[]', '"battery"', '42', 'null']) {
      const errors = errorsOf(parseBatteryJson(root, FILE))
      assert.match(errors[0]!, /^\(root\): .* is not a battery/)
    }
  })

  test('test_RevertWhen_prototypePollutionKeys_andNothingIsPolluted', () => {
    const text = FIG6_TEXT.replace('"batteryID": 1,', '"batteryID": 1, "__proto__": { "polluted": true },')
      .replace('"brand": "Samsung",', '"brand": "Samsung", "constructor": { "prototype": { "polluted": true } },')
    const errors = errorsOf(parseBatteryJson(text, FILE))
    assert.deepEqual(errors.map((e) => e.split(':')[0]), ['__proto__', 'staticInfo.constructor'])
    assert.equal(({} as { polluted?: boolean }).polluted, undefined)
  })

  test('test_RevertWhen_jsonSyntaxError_namesLineColumnAndPosition', () => {
    const truncated = FIG6_TEXT.slice(0, FIG6_TEXT.indexOf('"energy"') + 5)
    assert.deepEqual(errorsOf(parseBatteryJson(truncated, FILE)), [
      `JSON: syntax error at line 18, column 10 (position ${truncated.length}): the file ends early, where the end of a "quoted" text belongs (is it truncated?)`,
    ])
    const trailingComma = FIG6_TEXT.replace('"dischargingTotalTime": "2"', '"dischargingTotalTime": "2",')
    assert.match(errorsOf(parseBatteryJson(trailingComma, FILE))[0]!, /^JSON: syntax error at line 24, column 3 \(position \d+\): unexpected "}" where a "quoted" field name belongs$/)
    assert.match(errorsOf(parseBatteryJson('', FILE))[0]!, /^JSON: .*the file is empty/)
    assert.match(errorsOf(parseBatteryJson('{"a": 01}', FILE))[0]!, /position 7\): malformed number/)
    assert.match(errorsOf(parseBatteryJson('{"a": "x\ty"}', FILE))[0]!, /position 8\): character U\+0009 inside a "quoted" text/)
  })

  test('test_parse_byteOrderMark_isIgnored', () => {
    assert.deepEqual(batteryOf(parseBatteryJson(`\ufeff${FIG6_TEXT}`, FILE)), FIG6_RECORD)
  })

  test('test_parse_deepNesting_doesNotOverflow', () => {
    const deep = '['.repeat(30000) + ']'.repeat(30000)
    assert.match(errorsOf(parseBatteryJson(deep, FILE))[0]!, /^\(root\)/)
    assert.match(errorsOf(parseBatteryJson('['.repeat(60000), FILE))[0]!, /^JSON: .*ends early/)
  })

  test('test_formatBatteryErrors_namesFileAndEveryField', () => {
    const result = parseBatteryJson(fig6With((j) => {
      j.dynamicInfo.SOC = 130
      j.dynamicInfo.price = -1
    }), FILE)
    const text = formatBatteryErrors(result)
    assert.equal(text.split('\n')[0], `${FILE}: 2 problems`)
    assert.match(text, /^ {2}dynamicInfo\.SOC: 130 is over 100 \(percent\)$/m)
    assert.match(text, /^ {2}dynamicInfo\.price: -1 is negative/m)
    assert.match(text, /evswap battery check/)
  })
})

describe('readBatteryFile / writeBatteryFile', () => {
  let dir: string
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'evswap-battery-'))
  })
  after(async () => {
    await rm(dir, { recursive: true, force: true })
  })

  test('test_read_fig6File', async () => {
    const file = join(dir, BATTERY_FILE_NAME)
    await writeFile(file, FIG6_TEXT)
    const result = readBatteryFile(file)
    assert.deepEqual(batteryOf(result), FIG6_RECORD)
    assert.equal(result.file, file)
  })

  test('test_RevertWhen_fileMissingFolderOrUnreadable_neverThrows', async () => {
    assert.match(errorsOf(readBatteryFile(join(dir, 'nope.json')))[0]!, /^file: not found; check the path, or insert the battery's USB disk/)
    assert.match(errorsOf(readBatteryFile(dir))[0]!, /^file: is a folder; pass the "battery information.json" file inside it/)
    assert.match(errorsOf(readBatteryFile(join(dir, 'nope', 'x.json')))[0]!, /^file: not found/)
    if (process.getuid?.() !== 0) {
      const locked = join(dir, 'locked.json')
      await writeFile(locked, FIG6_TEXT)
      await chmod(locked, 0)
      assert.match(errorsOf(readBatteryFile(locked))[0]!, /permission denied/)
    }
  })

  test('test_RevertWhen_fileHugeOrNotUtf8', async () => {
    const huge = join(dir, 'huge.json')
    await writeFile(huge, `${FIG6_TEXT.slice(0, -2)}, "pad": "${'x'.repeat(70000)}"}`)
    assert.match(errorsOf(readBatteryFile(huge))[0]!, /^file: is over 65536 bytes/)
    const binary = join(dir, 'binary.json')
    await writeFile(binary, Buffer.from([0x7b, 0xff, 0xfe, 0x00, 0x7d]))
    assert.match(errorsOf(readBatteryFile(binary))[0]!, /^file: is not UTF-8 text/)
    if (process.platform === 'linux') assert.match(errorsOf(readBatteryFile('/dev/zero'))[0]!, /is over 65536 bytes/)
  })

  test('test_write_normalizedLayoutNumbersOnlyAndActualPath', async () => {
    const file = join(dir, 'w', BATTERY_FILE_NAME)
    await rm(join(dir, 'w'), { recursive: true, force: true })
    await import('node:fs/promises').then((fs) => fs.mkdir(join(dir, 'w')))
    writeBatteryFile(file, FIG6_RECORD)
    const json = JSON.parse(await readFile(file, 'utf8'))
    assert.deepEqual(json, {
      batteryID: 1,
      ownerAddress: '',
      filePath: file,
      staticInfo: {
        brand: 'Samsung', maxChargingCount: 200, maxDischargingCount: 200, maxYearLimited: 20, maxChargingTotalTime: 2000,
        maxDischargingTotalTime: 2000, manufactureYear: 2017, manufactureMonth: 11, manufacturePrice: 200,
      },
      dynamicInfo: { price: 164, energy: 20, SOC: 100, chargingCount: 1, dischargingCount: 1, chargingTotalTime: 2, dischargingTotalTime: 2 },
    })
    assert.deepEqual(await readdir(join(dir, 'w')), [BATTERY_FILE_NAME], 'no temp file is left behind')
    assert.deepEqual(batteryOf(readBatteryFile(file)), { ...FIG6_RECORD, filePath: file })
  })

  test('test_write_readWriteRead_isExact_forAwkwardValues', async () => {
    const file = join(dir, 'awkward.json')
    const awkward: BatteryRecord = {
      batteryId: 9007199254740991,
      ownerAddress: '0x00000000000000000000000000000000deadbeef',
      filePath: file,
      staticInfo: { ...FIG6_RECORD.staticInfo, maxChargingTotalTime: 4294967295, maxDischargingTotalTime: 1, manufacturePrice: 10n ** 15n - 1n },
      dynamicInfo: { ...FIG6_RECORD.dynamicInfo, price: 1n, energyWh: 4294967295, socPermille: 1, chargingTotalTime: 7, dischargingTotalTime: 3599 },
      passport: { certifiedUsableEnergyWh: 4294967295, ratedCapacityMAh: 1, expectedLifetimeCycles: 4294967295, exhaustionThresholdPermille: 999, chemistry: ' ~LFP~ ', nominalVoltageDecivolts: 65535 },
      condition: { remainingEnergyWh: 0, remainingCapacityMAh: 4294967295, energyThroughputWh: 2 ** 48 - 1, deepDischargeEvents: 65535, overchargeEvents: 0, overTemperatureEvents: null, extremeTemperatureSeconds: 4294967295 },
    }
    writeBatteryFile(file, awkward)
    assert.deepEqual(batteryOf(readBatteryFile(file)), awkward)
    const json = batteryToFileJson(awkward)
    assert.equal(json.staticInfo.manufacturePrice, 9999999999999.99)
    assert.equal(json.dynamicInfo.dischargingTotalTime, 0.999722)
    assert.equal(json.condition?.energyThroughput, 281474976710.655)
  })

  test('test_RevertWhen_writingARecordTheReaderWouldRefuse_oldFileIsKept', async () => {
    const file = join(dir, 'keep.json')
    await writeFile(file, FIG6_TEXT)
    const bad = { ...FIG6_RECORD, staticInfo: { ...FIG6_RECORD.staticInfo, brand: 'A brand far too long' } }
    assert.throws(() => writeBatteryFile(file, bad), /refusing to write a battery file[\s\S]*staticInfo\.brand: "A brand far too long" is 20 characters/)
    const fractional = { ...FIG6_RECORD, dynamicInfo: { ...FIG6_RECORD.dynamicInfo, chargingTotalTime: 1.5 } }
    assert.throws(() => writeBatteryFile(file, fractional), /whole seconds/)
    assert.equal(await readFile(file, 'utf8'), FIG6_TEXT)
  })
})

describe('passport and condition sections (issue 16)', () => {
  /** The Fig. 6 file with the passport sections, `edit` applied to a deep copy. */
  const withPassport = (edit: (json: { [k: string]: any }) => void = () => {}) =>
    fig6With((j) => {
      Object.assign(j, structuredClone(PASSPORT_SECTIONS))
      edit(j)
    })

  test('test_parse_fullPassportFile_givesChainUnits', () => {
    assert.deepEqual(batteryOf(parseBatteryJson(withPassport(), FILE)), FIG6_PASSPORT_RECORD)
  })

  test('test_parse_oldFile_hasNoPassportNorCondition', () => {
    const b = batteryOf(parseBatteryJson(FIG6_TEXT, FILE))
    assert.equal(b.passport, null)
    assert.equal(b.condition, null)
    assert.deepEqual(batteryOf(parseBatteryJson(fig6With((j) => Object.assign(j, { passport: null, condition: null })), FILE)), FIG6_RECORD, 'null sections are absent ones')
  })

  test('test_parse_passportWithoutCondition_conditionIsNull', () => {
    const b = batteryOf(parseBatteryJson(withPassport((j) => delete j.condition), FILE))
    assert.deepEqual(b.passport, FIG6_PASSPORT_RECORD.passport)
    assert.equal(b.condition, null)
  })

  test('test_parse_conditionWithSomeFieldsMissing_givesNullForThose_never0', () => {
    const b = batteryOf(parseBatteryJson(withPassport((j) => {
      delete j.condition.remainingCapacity
      delete j.condition.overchargeEvents
      j.condition.timeAtExtremeTemperature = null
    }), FILE))
    assert.deepEqual(b.condition, { ...FIG6_PASSPORT_RECORD.condition, remainingCapacityMAh: null, overchargeEvents: null, extremeTemperatureSeconds: null })
    const empty = batteryOf(parseBatteryJson(withPassport((j) => (j.condition = {})), FILE))
    assert.deepEqual(empty.condition, {
      remainingEnergyWh: null, remainingCapacityMAh: null, energyThroughputWh: null, deepDischargeEvents: null,
      overchargeEvents: null, overTemperatureEvents: null, extremeTemperatureSeconds: null,
    })
  })

  test('test_RevertWhen_passportFieldsBad_eachIsNamedWithItsUnit', () => {
    const errors = errorsOf(parseBatteryJson(withPassport((j) => {
      j.passport.certifiedUsableEnergy = 0
      j.passport.ratedCapacity = '55.1255'
      j.passport.expectedLifetimeCycles = 1500.5
      j.passport.capacityThresholdForExhaustion = 100
      j.passport.chemistry = 'NMC811-graphite'
      j.passport.nominalVoltage = 'four hundred'
    }), FILE))
    assert.deepEqual(errors, [
      'passport.certifiedUsableEnergy: 0 is under 0.001 (kWh); expected kWh > 0 with at most 3 decimals',
      'passport.ratedCapacity: 55.1255 has more than 3 decimals; expected Ah > 0 with at most 3 decimals',
      'passport.expectedLifetimeCycles: 1500.5 is not a whole number; expected a whole number of full cycles from 1 to 4294967295',
      'passport.capacityThresholdForExhaustion: 100 is over 99.9 (percent)',
      'passport.chemistry: "NMC811-graphite" is 15 characters, over 8 (the chain stores bytes8); expected the cell chemistry as 1 to 8 printable ASCII characters, e.g. "NMC811" or "LFP"',
      'passport.nominalVoltage: "four hundred" is not a number; expected volts > 0 with at most 1 decimal, at most 6553.5',
    ])
    const more = errorsOf(parseBatteryJson(withPassport((j) => {
      j.passport.capacityThresholdForExhaustion = 0
      j.passport.chemistry = ' '
      j.passport.nominalVoltage = 6553.6
    }), FILE))
    assert.deepEqual(more, [
      'passport.capacityThresholdForExhaustion: 0 is under 0.1 (percent); expected a percentage above 0 and under 100 with at most 1 decimal',
      'passport.chemistry: is empty; expected the cell chemistry as 1 to 8 printable ASCII characters, e.g. "NMC811" or "LFP"',
      'passport.nominalVoltage: 6553.6 is over 6553.5 (V)',
    ])
  })

  test('test_RevertWhen_passportFieldsMissing_eachIsNamed_allSixRequired', () => {
    const errors = errorsOf(parseBatteryJson(withPassport((j) => {
      delete j.passport.chemistry
      delete j.passport.capacityThresholdForExhaustion
    }), FILE))
    assert.deepEqual(errors, [
      'passport.capacityThresholdForExhaustion: missing; expected a percentage above 0 and under 100 with at most 1 decimal',
      'passport.chemistry: missing; expected the cell chemistry as 1 to 8 printable ASCII characters, e.g. "NMC811" or "LFP"',
    ])
    assert.match(errorsOf(parseBatteryJson(withPassport((j) => (j.passport = [1])), FILE))[0]!, /^passport: a list is not an object; expected an object with certifiedUsableEnergy, ratedCapacity/)
  })

  test('test_RevertWhen_conditionWithoutPassport_refusedWithASentence', () => {
    const errors = errorsOf(parseBatteryJson(withPassport((j) => delete j.passport), FILE))
    assert.deepEqual(errors, [
      'condition: is given without a passport section; the chain keeps a battery\'s condition only with its passport. Add a "passport" section (certifiedUsableEnergy, ratedCapacity, expectedLifetimeCycles, capacityThresholdForExhaustion, chemistry, nominalVoltage), or remove "condition"',
    ])
  })

  test('test_RevertWhen_conditionFieldsBad_eachIsNamedWithItsUnit', () => {
    const errors = errorsOf(parseBatteryJson(withPassport((j) => {
      j.condition.remainingEnergy = -1
      j.condition.remainingCapacity = 'full'
      j.condition.energyThroughput = 281474976710.656
      j.condition.deepDischargeEvents = 65536
      j.condition.overchargeEvents = 0.5
      j.condition.overTemperatureEvents = ''
      j.condition.timeAtExtremeTemperature = -2
    }), FILE))
    assert.deepEqual(errors, [
      'condition.remainingEnergy: -1 is negative; expected kWh >= 0 with at most 3 decimals (leave it out if not reported)',
      'condition.remainingCapacity: "full" is not a number; expected Ah >= 0 with at most 3 decimals (leave it out if not reported)',
      'condition.energyThroughput: 281474976710.656 is over 281474976710.655 (kWh)',
      'condition.deepDischargeEvents: 65536 is over 65535 (events)',
      'condition.overchargeEvents: 0.5 is not a whole number; expected a whole number of events from 0 to 65535 (leave it out if not reported)',
      'condition.overTemperatureEvents: "" is not a number; expected a whole number of events from 0 to 65535 (leave it out if not reported)',
      'condition.timeAtExtremeTemperature: -2 is negative; expected hours >= 0 (decimals allowed), at most 1193046.470833',
    ])
  })

  test('test_RevertWhen_prototypeKeysInPassportSections', () => {
    const text = withPassport().replace('"chemistry": "NMC811",', '"chemistry": "NMC811", "__proto__": { "polluted": true },')
    assert.deepEqual(errorsOf(parseBatteryJson(text, FILE)).map((e) => e.split(':')[0]), ['passport.__proto__'])
    assert.equal(({} as { polluted?: boolean }).polluted, undefined)
  })

  test('test_write_passportAndCondition_keptExactly_notReportedLeftOut', () => {
    const partial: BatteryRecord = { ...FIG6_PASSPORT_RECORD, condition: { ...FIG6_PASSPORT_RECORD.condition!, remainingCapacityMAh: null, extremeTemperatureSeconds: null } }
    const json = batteryToFileJson(partial)
    assert.deepEqual(json.passport, { certifiedUsableEnergy: 20.5, ratedCapacity: 55.125, expectedLifetimeCycles: 1500, capacityThresholdForExhaustion: 70.5, chemistry: 'NMC811', nominalVoltage: 370.4 })
    assert.deepEqual(json.condition, { remainingEnergy: 19.875, energyThroughput: 410.25, deepDischargeEvents: 2, overchargeEvents: 0, overTemperatureEvents: 1 })
    assert.deepEqual(Object.keys(json), ['batteryID', 'ownerAddress', 'filePath', 'staticInfo', 'dynamicInfo', 'passport', 'condition'])
    assert.deepEqual(batteryOf(parseBatteryJson(JSON.stringify(json), FILE)), partial)
    const noCondition = batteryToFileJson({ ...FIG6_PASSPORT_RECORD, condition: null })
    assert.equal('condition' in noCondition, false)
    assert.equal('passport' in batteryToFileJson(FIG6_RECORD), false, 'a file without a passport stays without one')
  })

  test('test_RevertWhen_writingAConditionWithoutPassportOrAFractionalUnit', () => {
    assert.throws(() => batteryToFileJson({ ...FIG6_PASSPORT_RECORD, passport: null }), /condition: is given without a passport section/)
    assert.throws(() => batteryToFileJson({ ...FIG6_PASSPORT_RECORD, condition: { ...FIG6_PASSPORT_RECORD.condition!, extremeTemperatureSeconds: 0.5 } }), /would not read back exactly/)
    assert.throws(() => batteryToFileJson({ ...FIG6_PASSPORT_RECORD, passport: { ...FIG6_PASSPORT_RECORD.passport!, ratedCapacityMAh: 1.5 } }), /passport\.ratedCapacity: 0\.0015 has more than 3 decimals/)
  })
})

describe('read -> write round trip, byte for byte', () => {
  let dir: string
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'evswap-roundtrip-'))
  })
  after(async () => {
    await rm(dir, { recursive: true, force: true })
  })

  for (const [name, record] of [['without a passport (every file valid before issue 16)', FIG6_RECORD], ['with a passport and condition', FIG6_PASSPORT_RECORD]] as const) {
    test(`test_write_readThenWrite_isByteIdentical_${name}`, async () => {
      const file = join(dir, `${record.passport ? 'passport' : 'plain'}.json`)
      writeBatteryFile(file, record)
      const first = await readFile(file, 'utf8')
      writeBatteryFile(file, batteryOf(readBatteryFile(file)))
      assert.equal(await readFile(file, 'utf8'), first)
      assert.equal(first.includes('"passport"'), record.passport !== null)
    })
  }
})
