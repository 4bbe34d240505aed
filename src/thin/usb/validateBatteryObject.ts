import type { ConditionReading, PassportInfo } from '../../sdk/passport/passportTypes.js'
import type { BatteryFieldError, BatteryFileResult, BatteryRecord, DynamicInfoRecord, StaticInfoRecord } from './batteryRecord.js'
import { multiplyAndRound, parseDecimal, toScaledInteger } from './parseDecimal.js'

const UINT32_MAX = 4294967295n
/** Prices are capped so every cent value converts to a JSON number and back exactly (< 15 digits). */
export const MAX_PRICE_CENTS = 10n ** 15n - 1n
/** Keys that could tamper with code that merges objects; no battery file has a reason to carry them. */
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype'])
const ADDRESS = /^0x[0-9a-fA-F]{40}$/
const PRINTABLE_ASCII = /^[\x20-\x7e]*$/
const MAX_BRAND_BYTES = 16
const MAX_CHEMISTRY_BYTES = 8
const UINT16_MAX = 65535n
const UINT48_MAX = 2n ** 48n - 1n

type Json = Record<string, unknown>

/** A numeric field: the file value times `10 ** decimals` must be a whole number in `[min, max]`. */
type NumberSpec = { decimals: number; min: bigint; max: bigint; unit: string; expect: string }

const count = (min: bigint): NumberSpec => ({
  decimals: 0, min, max: UINT32_MAX, unit: 'count', expect: `a whole number from ${min} to ${UINT32_MAX}`,
})
const price: NumberSpec = {
  decimals: 2, min: 0n, max: MAX_PRICE_CENTS, unit: 'E-coin', expect: 'E-coin >= 0 with at most 2 decimals',
}

const STATIC = {
  maxChargingCount: count(1n),
  maxDischargingCount: count(1n),
  maxYearLimited: { decimals: 0, min: 1n, max: 255n, unit: 'years', expect: 'a whole number of years from 1 to 255' },
  manufactureYear: { decimals: 0, min: 1970n, max: 2200n, unit: 'year', expect: 'a year from 1970 to 2200' },
  manufactureMonth: { decimals: 0, min: 1n, max: 12n, unit: 'month', expect: 'a month from 1 to 12' },
  manufacturePrice: price,
} satisfies Record<string, NumberSpec>

const DYNAMIC = {
  price,
  energy: { decimals: 3, min: 0n, max: UINT32_MAX, unit: 'kWh', expect: 'kWh >= 0 with at most 3 decimals' },
  SOC: { decimals: 1, min: 0n, max: 1000n, unit: 'percent', expect: 'a percentage from 0 to 100 with at most 1 decimal' },
  chargingCount: count(0n),
  dischargingCount: count(0n),
} satisfies Record<string, NumberSpec>

// The passport's properties are immutable on chain and its health is computed from them, so the contract
// refuses a zero in any of them (BatteryProcess.setPassport): the file's minimums say so first.
const PASSPORT = {
  certifiedUsableEnergy: { decimals: 3, min: 1n, max: UINT32_MAX, unit: 'kWh', expect: 'kWh > 0 with at most 3 decimals' },
  ratedCapacity: { decimals: 3, min: 1n, max: UINT32_MAX, unit: 'Ah', expect: 'Ah > 0 with at most 3 decimals' },
  expectedLifetimeCycles: { decimals: 0, min: 1n, max: UINT32_MAX, unit: 'cycles', expect: `a whole number of full cycles from 1 to ${UINT32_MAX}` },
  capacityThresholdForExhaustion: {
    decimals: 1, min: 1n, max: 999n, unit: 'percent', expect: 'a percentage above 0 and under 100 with at most 1 decimal',
  },
  nominalVoltage: { decimals: 1, min: 1n, max: UINT16_MAX, unit: 'V', expect: 'volts > 0 with at most 1 decimal, at most 6553.5' },
} satisfies Record<string, NumberSpec>

const events: NumberSpec = {
  decimals: 0, min: 0n, max: UINT16_MAX, unit: 'events', expect: 'a whole number of events from 0 to 65535 (leave it out if not reported)',
}
const CONDITION = {
  remainingEnergy: { decimals: 3, min: 0n, max: UINT32_MAX, unit: 'kWh', expect: 'kWh >= 0 with at most 3 decimals (leave it out if not reported)' },
  remainingCapacity: { decimals: 3, min: 0n, max: UINT32_MAX, unit: 'Ah', expect: 'Ah >= 0 with at most 3 decimals (leave it out if not reported)' },
  energyThroughput: { decimals: 3, min: 0n, max: UINT48_MAX, unit: 'kWh', expect: 'kWh >= 0 with at most 3 decimals (leave it out if not reported)' },
  deepDischargeEvents: events,
  overchargeEvents: events,
  overTemperatureEvents: events,
} satisfies Record<string, NumberSpec>

const PASSPORT_FIELDS = ['certifiedUsableEnergy', 'ratedCapacity', 'expectedLifetimeCycles', 'capacityThresholdForExhaustion',
  'chemistry', 'nominalVoltage']
const CONDITION_FIELDS = [...Object.keys(CONDITION), 'timeAtExtremeTemperature']

const STATIC_FIELDS = ['brand', 'maxChargingCount', 'maxDischargingCount', 'maxYearLimited', 'maxChargingTotalTime',
  'maxDischargingTotalTime', 'manufactureYear', 'manufactureMonth', 'manufacturePrice']
const DYNAMIC_FIELDS = ['price', 'energy', 'SOC', 'chargingCount', 'dischargingCount', 'chargingTotalTime',
  'dischargingTotalTime']

/**
 * Checks an already-parsed battery file (Fig. 6 layout, file units, numbers or numeric strings) and converts
 * it to chain units. Collects every problem instead of stopping at the first, so one `battery check` run
 * shows the user everything to fix. Never throws.
 *
 * @param value what `JSON.parse` gave
 * @param file the file name, repeated in the result so messages can name it
 * @example
 * const result = validateBatteryObject(JSON.parse(text), 'battery information.json')
 * if (result.ok) console.log(result.battery.dynamicInfo.socPermille)
 */
export function validateBatteryObject(value: unknown, file: string): BatteryFileResult {
  const errors: BatteryFieldError[] = []
  const fail = (field: string, message: string): undefined => {
    errors.push({ field, message })
    return undefined
  }

  if (!isObject(value)) {
    fail('(root)', `${describe(value)} is not a battery; expected a JSON object with batteryID, ownerAddress, filePath, staticInfo and dynamicInfo`)
    return { ok: false, file, errors }
  }
  rejectForbiddenKeys(value, '', fail)

  const batteryId = readBatteryId(value, fail)
  const ownerAddress = readOwnerAddress(value, fail)
  const filePath = readFilePath(value, file, fail)
  const staticJson = readSection(value, 'staticInfo', STATIC_FIELDS, fail)
  const dynamicJson = readSection(value, 'dynamicInfo', DYNAMIC_FIELDS, fail)

  let staticInfo: Partial<StaticInfoRecord> | undefined
  if (staticJson) {
    const num = (key: keyof typeof STATIC) => readNumber(staticJson, `staticInfo.${key}`, key, STATIC[key], fail)
    staticInfo = {
      brand: readBrand(staticJson, fail),
      maxChargingCount: toNumber(num('maxChargingCount')),
      maxDischargingCount: toNumber(num('maxDischargingCount')),
      maxChargingTotalTime: readHours(staticJson, 'staticInfo.', 'maxChargingTotalTime', 1n, fail),
      maxDischargingTotalTime: readHours(staticJson, 'staticInfo.', 'maxDischargingTotalTime', 1n, fail),
      manufactureYear: toNumber(num('manufactureYear')),
      manufactureMonth: toNumber(num('manufactureMonth')),
      maxYearLimited: toNumber(num('maxYearLimited')),
      manufacturePrice: num('manufacturePrice'),
    }
  }
  let dynamicInfo: Partial<DynamicInfoRecord> | undefined
  if (dynamicJson) {
    const num = (key: keyof typeof DYNAMIC) => readNumber(dynamicJson, `dynamicInfo.${key}`, key, DYNAMIC[key], fail)
    dynamicInfo = {
      price: num('price'),
      energyWh: toNumber(num('energy')),
      socPermille: toNumber(num('SOC')),
      chargingCount: toNumber(num('chargingCount')),
      dischargingCount: toNumber(num('dischargingCount')),
      chargingTotalTime: readHours(dynamicJson, 'dynamicInfo.', 'chargingTotalTime', 0n, fail),
      dischargingTotalTime: readHours(dynamicJson, 'dynamicInfo.', 'dischargingTotalTime', 0n, fail),
    }
  }

  const passport = readPassport(value, fail)
  const condition = readCondition(value, passport, fail)

  if (errors.length > 0 || !staticInfo || !dynamicInfo || passport === undefined || condition === undefined) return { ok: false, file, errors }
  // No error was recorded, so every reader above returned a value: the casts only drop the `undefined`s.
  const battery: BatteryRecord = {
    batteryId: batteryId ?? null,
    ownerAddress: ownerAddress ?? null,
    filePath: filePath ?? '',
    staticInfo: staticInfo as StaticInfoRecord,
    dynamicInfo: dynamicInfo as DynamicInfoRecord,
    passport,
    condition,
  }
  return { ok: true, file, battery }
}

/** `null` = no passport section (absent or null); `undefined` = error recorded. All six fields are required. */
function readPassport(root: Json, fail: Fail): PassportInfo | null | undefined {
  if (!Object.hasOwn(root, 'passport') || root.passport === null) return null
  const section = readSection(root, 'passport', PASSPORT_FIELDS, fail)
  if (!section) return undefined
  const num = (key: keyof typeof PASSPORT) => toNumber(readNumber(section, `passport.${key}`, key, PASSPORT[key], fail))
  const passport = {
    certifiedUsableEnergyWh: num('certifiedUsableEnergy'),
    ratedCapacityMAh: num('ratedCapacity'),
    expectedLifetimeCycles: num('expectedLifetimeCycles'),
    exhaustionThresholdPermille: num('capacityThresholdForExhaustion'),
    chemistry: readAscii(section, 'passport.', 'chemistry', MAX_CHEMISTRY_BYTES, 'bytes8',
      `expected the cell chemistry as 1 to ${MAX_CHEMISTRY_BYTES} printable ASCII characters, e.g. "NMC811" or "LFP"`, fail),
    nominalVoltageDecivolts: num('nominalVoltage'),
  }
  return Object.values(passport).includes(undefined) ? undefined : (passport as PassportInfo)
}

/**
 * `null` = no condition section; `undefined` = error recorded. Every field is optional: one left out (or
 * null) is "not reported", never 0, since a 0 would read as a dead battery or a counter reset to the chain.
 */
function readCondition(root: Json, passport: PassportInfo | null | undefined, fail: Fail): ConditionReading | null | undefined {
  if (!Object.hasOwn(root, 'condition') || root.condition === null) return null
  if (passport === null) {
    return fail('condition', `is given without a passport section; the chain keeps a battery's condition only with its passport. Add a "passport" section (${PASSPORT_FIELDS.join(', ')}), or remove "condition"`)
  }
  const section = readSection(root, 'condition', CONDITION_FIELDS, fail)
  if (!section) return undefined
  let bad = false
  const optional = <T>(key: string, read: () => T | undefined): T | null => {
    if (!Object.hasOwn(section, key) || section[key] === null) return null
    const value = read()
    if (value === undefined) bad = true
    return value ?? null
  }
  const num = (key: keyof typeof CONDITION) => optional(key, () => toNumber(readNumber(section, `condition.${key}`, key, CONDITION[key], fail)))
  const condition: ConditionReading = {
    remainingEnergyWh: num('remainingEnergy'),
    remainingCapacityMAh: num('remainingCapacity'),
    energyThroughputWh: num('energyThroughput'),
    deepDischargeEvents: num('deepDischargeEvents'),
    overchargeEvents: num('overchargeEvents'),
    overTemperatureEvents: num('overTemperatureEvents'),
    extremeTemperatureSeconds: optional('timeAtExtremeTemperature', () => readHours(section, 'condition.', 'timeAtExtremeTemperature', 0n, fail)),
  }
  return bad ? undefined : condition
}

type Fail = (field: string, message: string) => undefined

function readSection(root: Json, key: string, fields: string[], fail: Fail): Json | undefined {
  if (!Object.hasOwn(root, key)) return fail(key, `missing; expected an object with ${fields.join(', ')}`)
  const section = root[key]
  if (!isObject(section)) return fail(key, `${describe(section)} is not an object; expected an object with ${fields.join(', ')}`)
  rejectForbiddenKeys(section, `${key}.`, fail)
  return section
}

function rejectForbiddenKeys(object: Json, prefix: string, fail: Fail): void {
  for (const key of Object.keys(object)) {
    if (FORBIDDEN_KEYS.has(key)) fail(`${prefix}${key}`, 'this key is not allowed in a battery file (it can tamper with programs that merge objects); remove it')
  }
}

/** `null` = not registered yet (absent, null, "", 0); `undefined` = error recorded. */
function readBatteryId(root: Json, fail: Fail): number | null | undefined {
  const raw = root.batteryID
  if (!Object.hasOwn(root, 'batteryID') || raw === null || raw === 0 || (typeof raw === 'string' && raw.trim() === '')) return null
  const expect = 'a whole number >= 1, or 0 / "" for a battery not registered yet'
  const spec: NumberSpec = { decimals: 0, min: 0n, max: BigInt(Number.MAX_SAFE_INTEGER), unit: 'id', expect }
  const id = readNumber(root, 'batteryID', 'batteryID', spec, fail)
  return id === undefined ? undefined : id === 0n ? null : Number(id)
}

function readOwnerAddress(root: Json, fail: Fail): `0x${string}` | null | undefined {
  const raw = root.ownerAddress
  if (!Object.hasOwn(root, 'ownerAddress') || raw === null || raw === '') return null
  if (typeof raw === 'string' && ADDRESS.test(raw.trim())) return raw.trim().toLowerCase() as `0x${string}`
  return fail('ownerAddress', `${describe(raw)} is not an address; expected "" (no owner yet) or 0x followed by 40 hex digits`)
}

function readFilePath(root: Json, file: string, fail: Fail): string | undefined {
  if (!Object.hasOwn(root, 'filePath') || root.filePath === null) return file
  if (typeof root.filePath === 'string') return root.filePath
  return fail('filePath', `${describe(root.filePath)} is not text; expected the file's path, e.g. "/media/usb0/battery information.json"`)
}

function readBrand(section: Json, fail: Fail): string | undefined {
  return readAscii(section, 'staticInfo.', 'brand', MAX_BRAND_BYTES, 'bytes16', `expected a brand name of 1 to ${MAX_BRAND_BYTES} printable ASCII characters`, fail)
}

/** Text the chain stores in a fixed-size `bytesN`: printable ASCII, not blank, at most `maxBytes`. */
function readAscii(section: Json, prefix: string, key: string, maxBytes: number, chainType: string, expect: string, fail: Fail): string | undefined {
  const field = prefix + key
  if (!Object.hasOwn(section, key)) return fail(field, `missing; ${expect}`)
  const raw = section[key]
  if (typeof raw !== 'string') return fail(field, `${describe(raw)} is not text; ${expect}`)
  if (raw.trim() === '') return fail(field, `is empty; ${expect}`)
  if (!PRINTABLE_ASCII.test(raw)) return fail(field, `${describe(raw)} has characters other than printable ASCII; ${expect}`)
  if (raw.length > maxBytes) return fail(field, `${describe(raw)} is ${raw.length} characters, over ${maxBytes} (the chain stores ${chainType}); ${expect}`)
  return raw
}

function readNumber(section: Json, field: string, key: string, spec: NumberSpec, fail: Fail): bigint | undefined {
  if (!Object.hasOwn(section, key)) return fail(field, `missing; expected ${spec.expect}`)
  const raw = section[key]
  const value = parseDecimal(raw)
  if (value === undefined) return fail(field, `${describe(raw)} is not a number; expected ${spec.expect}`)
  if (value === 'huge') return fail(field, `${show(raw)} is far too large or too precise; expected ${spec.expect}`)
  const scaled = toScaledInteger(value, spec.decimals)
  if (scaled === undefined) {
    return fail(field, spec.decimals === 0
      ? `${show(raw)} is not a whole number; expected ${spec.expect}`
      : `${show(raw)} has more than ${spec.decimals} decimal${spec.decimals === 1 ? '' : 's'}; expected ${spec.expect}`)
  }
  if (scaled < spec.min) {
    return fail(field, spec.min === 0n
      ? `${show(raw)} is negative; expected ${spec.expect}`
      : `${show(raw)} is under ${formatScaled(spec.min, spec.decimals)} (${spec.unit}); expected ${spec.expect}`)
  }
  if (scaled > spec.max) return fail(field, `${show(raw)} is over ${formatScaled(spec.max, spec.decimals)} (${spec.unit})`)
  return scaled
}

/** Hours in the file, seconds on chain (uint32). `minSeconds` 1 for the life limits, which must be > 0. */
function readHours(section: Json, prefix: string, key: string, minSeconds: bigint, fail: Fail): number | undefined {
  const field = prefix + key
  const maxHours = (Number(UINT32_MAX) / 3600).toFixed(6)
  const expect = `hours ${minSeconds > 0n ? '> 0' : '>= 0'} (decimals allowed), at most ${maxHours}`
  if (!Object.hasOwn(section, key)) return fail(field, `missing; expected ${expect}`)
  const raw = section[key]
  const value = parseDecimal(raw)
  if (value === undefined) return fail(field, `${describe(raw)} is not a number; expected ${expect}`)
  if (value === 'huge') return fail(field, `${show(raw)} is far too large or too precise; expected ${expect}`)
  if (value.negative) return fail(field, `${show(raw)} is negative; expected ${expect}`)
  const seconds = multiplyAndRound(value, 3600n)
  if (seconds > UINT32_MAX) return fail(field, `${show(raw)} is over ${maxHours} (hours; the chain counts seconds in a uint32)`)
  if (seconds < minSeconds) return fail(field, `${show(raw)} hours is 0 seconds; expected ${expect}`)
  return Number(seconds)
}

function toNumber(value: bigint | undefined): number | undefined {
  return value === undefined ? undefined : Number(value)
}

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/** A bound in file units: 1000n with 1 decimal is "100". */
function formatScaled(value: bigint, decimals: number): string {
  if (decimals === 0) return value.toString()
  const text = value.toString().padStart(decimals + 1, '0')
  const whole = text.slice(0, -decimals)
  const fraction = text.slice(-decimals).replace(/0+$/, '')
  return fraction ? `${whole}.${fraction}` : whole
}

/** A numeric value as the user wrote it, without JSON quotes: `130`, `-5`, `1.234`. */
function show(raw: unknown): string {
  if (typeof raw === 'number') return String(raw)
  if (typeof raw === 'string') return clip(raw.trim())
  return describe(raw)
}

/** Any value, short enough for one line: `"abc"`, `null`, `an object`, `a list`. */
function describe(raw: unknown): string {
  if (raw === undefined) return 'nothing'
  if (raw === null) return 'null'
  if (Array.isArray(raw)) return 'a list'
  if (typeof raw === 'object') return 'an object'
  if (typeof raw === 'string') return JSON.stringify(clip(raw))
  return String(raw)
}

function clip(text: string): string {
  return text.length > 40 ? `${text.slice(0, 37)}...` : text
}
