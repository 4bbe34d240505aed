import { strict as assert } from 'node:assert'
import { readdirSync } from 'node:fs'
import { join } from 'node:path'
import { describe, test } from 'node:test'
import { keccak256, toHex, type Address } from 'viem'
import { describeContractError, describedContractErrors, type ContractErrorSentence } from '../../src/sdk/errors/describeContractError.js'
import type { ErrorNames } from '../../src/sdk/errors/ErrorNames.js'
import { describeRelayRefusal, type RelayRefusalFacts } from '../../src/rich/relay/describeRelayRefusal.js'
import { relayRefusalCodes, type RelayRefusalCode } from '../../src/rich/relay/RelayRefusal.js'
import { stationUnit } from '../../src/sdk/units.js'

type AbiInput = { name: string; type: string }
type AbiErrorItem = { type: 'error'; name: string; inputs: readonly AbiInput[] }

/** Every custom error of every generated ABI file (a new ABI file is walked too), by name. */
async function abiErrors(): Promise<Map<string, AbiErrorItem>> {
  const dir = join(import.meta.dirname, '../../src/sdk/abi')
  const errors = new Map<string, AbiErrorItem>()
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.ts'))) {
    const mod = (await import(join(dir, file))) as Record<string, unknown>
    for (const abi of Object.values(mod)) {
      if (!Array.isArray(abi)) continue
      for (const item of abi as { type: string }[]) if (item.type === 'error') errors.set((item as AbiErrorItem).name, item as AbiErrorItem)
    }
  }
  return errors
}

const EV_ADDRESS: Address = '0x29394f0b5bcd12e1a0c4e0f6c38d8c8c6a53ab12'
const STATION_ADDRESS: Address = '0x8bf8c5c2e6d8a9f00000000000000000000000aa'
/** Arguments that are E-coin cents, by error: the sentence must show them as E-coin. */
const ECOIN_ARGS: Record<string, string[]> = {
  ERC20InsufficientBalance: ['balance', 'needed'],
  ERC20InsufficientAllowance: ['allowance', 'needed'],
  BatteryInterfaceQuoteExceeded: ['cost', 'maxCost'],
  SafeCastOverflowedUintDowncast: ['value'],
  SafeCastOverflowedIntDowncast: ['value'],
}
const BATTERY_READING_REASONS = ['charge lowered energy', 'discharge raised SOC', 'SOC over 1000 permille']

/** Plausible arguments for an error, from its ABI inputs: what the contracts would pass. */
function sampleArgs(e: AbiErrorItem): unknown[] {
  return e.inputs.map((input) => {
    if (input.type === 'address') return EV_ADDRESS
    if (input.type === 'bytes32') return keccak256(toHex('SUPER_ROLE'))
    if (input.type === 'string') return e.name === 'BatteryProcessInvalidReading' ? BATTERY_READING_REASONS[0] : e.name === 'StringTooLong' ? 'a name longer than thirty-one bytes' : 'brand is empty'
    if (input.name === 'bits') return 32n
    if (input.name === 'needed' && e.name === 'BatteryInterfaceUnauthorizedAccount') return 1
    if (input.name === 'value' && e.name.startsWith('SafeCast')) return 2n ** 40n + 17n
    if (/^u?int/.test(input.type)) return input.name === 'needed' || input.name === 'cost' ? 81727n : input.name.endsWith('Id') || input.name === 'unit' ? 3 : 9317n
    throw new Error(`no sample for ${e.name}.${input.name}: ${input.type}`)
  })
}

/** A resolver that knows everything: every address is EV 1, swaps are approved, batteries station 1's. */
const knowing: ErrorNames = {
  nameOf: (a) => (a.toLowerCase() === EV_ADDRESS ? 'EV 1' : a.toLowerCase() === STATION_ADDRESS ? 'station 1' : undefined),
  swap: () => ({ status: 'Approved', evUnit: 1, stationUnit: stationUnit(1) }),
  battery: () => ({ owner: STATION_ADDRESS, holder: stationUnit(1), status: 'InService' }),
}

/** What every sentence must be: words that end in what to do next, no error names, no long addresses. */
function assertSentence(s: { message: string; hint?: string | undefined }, errorNames: string[], where: string, opts: { namesResolvable: boolean }): void {
  const text = `${s.message} ${s.hint ?? ''}`
  assert.match(s.message, /^[A-Z0-9].*[.!]$/s, `${where}: the message is a sentence: ${s.message}`)
  assert.ok(s.hint && /^[A-Z].*\.$/s.test(s.hint), `${where}: a hint of what to do next, ending in a full stop: ${s.hint}`)
  for (const name of errorNames) assert.ok(!text.includes(name), `${where}: names the error ${name}: ${text}`)
  assert.doesNotMatch(text, /\b[A-Z][a-z]+[A-Z][A-Za-z]*\(/, `${where}: looks like a call or error signature: ${text}`)
  if (opts.namesResolvable) assert.doesNotMatch(text, /0x[0-9a-fA-F]{40}/, `${where}: a raw address where a name was resolvable: ${text}`)
  assert.doesNotMatch(text, /\bcents?\b|permille|undefined|NaN|\[object/i, `${where}: machine units or a broken value: ${text}`)
}

describe('error sentences', () => {
  test('test_describeContractError_everyAbiError_hasASentence', async () => {
    const errors = await abiErrors()
    assert.ok(errors.size >= 30, `the ABIs hold the custom errors (found ${errors.size})`)
    const missing = [...errors.keys()].filter((name) => !describedContractErrors.includes(name))
    assert.deepEqual(missing, [], `errors without a sentence: ${missing.join(', ')}`)
  })

  test('test_describeContractError_everyAbiError_isWordsWithUnitsAndAHint', async () => {
    const errors = await abiErrors()
    const names = [...errors.keys()]
    for (const e of errors.values()) {
      const args = sampleArgs(e)
      for (const [label, resolver] of [
        ['with names', knowing],
        ['without names', {}],
      ] as const) {
        const s: ContractErrorSentence = describeContractError({ name: e.name, args }, resolver)
        const where = `${e.name} ${label}`
        assert.equal(s.reason, e.name, `${where}: reason keeps the machine name`)
        // With a resolver every address has a name; without one, addresses are shortened (0x2939…ab12).
        assertSentence(s, names, where, { namesResolvable: true })
        for (const arg of ECOIN_ARGS[e.name] ?? []) {
          const cents = BigInt(args[e.inputs.findIndex((i) => i.name === arg)] as bigint)
          const shown = `${cents / 100n}.${(cents % 100n).toString().padStart(2, '0')} E-coin`
          assert.ok(s.message.includes(shown), `${where}: ${arg} shown as ${shown}: ${s.message}`)
          assert.ok(!new RegExp(`\\b${cents}\\b`).test(s.message), `${where}: ${arg} shown in cents: ${s.message}`)
        }
        // Where a name is known, no address shows at all, not even shortened.
        if (label === 'with names') assert.doesNotMatch(`${s.message} ${s.hint}`, /0x[0-9a-fA-F]{4}/, `${where}: an address where a name was known`)
      }
    }
  })

  test('test_describeContractError_theIssuesCases_sayWhatHappenedInNames', () => {
    const notPending = describeContractError({ name: 'BatteryInterfaceSwapNotPending', args: [2] }, { swap: () => ({ status: 'Approved' }) })
    assert.equal(notPending.message, 'Swap 2 was already approved.')
    const cancelled = describeContractError({ name: 'BatteryInterfaceSwapNotPending', args: [2] }, { swap: () => ({ status: 'Cancelled', evUnit: 1 }) })
    assert.equal(cancelled.message, 'Swap 2 was already cancelled by EV 1.')
    assert.match(describeContractError({ name: 'BatteryInterfaceSwapNotPending', args: [2] }).message, /^Swap 2 is no longer pending/)

    const poor = describeContractError({ name: 'ERC20InsufficientBalance', args: [EV_ADDRESS, 9317n, 81727n] }, knowing)
    assert.equal(poor.message, 'EV 1 has 93.17 E-coin, and this needs 817.27 E-coin.')
    assert.match(poor.hint, /super account/)
    const poorStation = describeContractError({ name: 'ERC20InsufficientBalance', args: [STATION_ADDRESS, 0n, 6343n] }, knowing)
    assert.equal(poorStation.message, 'Station 1 has 0.00 E-coin, and this needs 63.43 E-coin.')
    assert.match(poorStation.hint, /deny the swap/)
    assert.equal(describeContractError({ name: 'ERC20InsufficientBalance', args: [EV_ADDRESS, 9317n, 81727n] }).message, '0x2939…ab12 has 93.17 E-coin, and this needs 817.27 E-coin.')

    const own = describeContractError(
      { name: 'BatteryInterfaceNotYourBattery', args: [EV_ADDRESS, 3] },
      { ...knowing, battery: () => ({ owner: EV_ADDRESS, holder: 1, status: 'InService' }) },
    )
    assert.equal(own.message, 'Battery 3 is EV 1’s own, so it cannot be the station battery of a swap.')
    assert.match(own.hint, /sits at the station/)
    const others = describeContractError({ name: 'BatteryInterfaceNotYourBattery', args: [EV_ADDRESS, 3] }, knowing)
    assert.equal(others.message, 'Battery 3 belongs to station 1, not to EV 1.')

    const superOnly = describeContractError({ name: 'BatteryInterfaceNotSuperAccount', args: [EV_ADDRESS] }, knowing)
    assert.equal(superOnly.message, 'Only the super account can do this, and EV 1 is not it.')
    const stranger = describeContractError({ name: 'BatteryInterfaceUnauthorizedAccount', args: [EV_ADDRESS, 1] })
    assert.match(stranger.message, /^The account 0x2939…ab12 is not registered/)
    const station = describeContractError({ name: 'BatteryInterfaceUnauthorizedAccount', args: [STATION_ADDRESS, 1] }, knowing)
    assert.equal(station.message, 'Station 1 cannot do this: only an EV owner can.')
    for (const reason of BATTERY_READING_REASONS) {
      assert.doesNotMatch(describeContractError({ name: 'BatteryProcessInvalidReading', args: [3, reason] }).message, new RegExp(reason), 'contract reasons are reworded')
    }
    const unknown = describeContractError({ name: 'SomethingNew', args: [] })
    assert.equal(unknown.reason, 'SomethingNew')
    assert.ok(!unknown.message.includes('SomethingNew'))
  })

  test('test_describeRelayRefusal_everyCode_hasASentenceAndItsStatus', () => {
    const facts: { [C in RelayRefusalCode]: RelayRefusalFacts[C] } = {
      bad_request: { problem: 'gas is missing', field: 'gas' },
      rate_limited: { of: 'signer', retryMs: 1200, perSecond: 10 },
      wrong_chain: { chainId: 1, networkChainId: 31337 },
      bad_value: {},
      bad_target: { to: EV_ADDRESS },
      expired: { deadline: 1_700_000_000 },
      replayed: { from: EV_ADDRESS, nonce: 3n, next: 4n },
      nonce_ahead: { from: EV_ADDRESS, nonce: 9n, next: 4n },
      duplicate: { id: `${EV_ADDRESS}-3`, state: 'queued' },
      reorg_pending: { nonce: 3n },
      bad_signature: { from: EV_ADDRESS },
      unregistered: { from: EV_ADDRESS },
      suspended: { from: EV_ADDRESS },
      would_revert: { error: describeContractError({ name: 'BatteryInterfaceSwapNotPending', args: [2] }, { swap: () => ({ status: 'Approved' }) }) },
      unavailable: { why: 'node' },
    }
    const statuses = new Set<number>()
    for (const code of relayRefusalCodes) {
      assert.ok(code in facts, `no sample for ${code}`)
      const r = describeRelayRefusal(code, facts[code] as never)
      assert.equal(r.code, code)
      assert.ok(r.status >= 400 && r.status < 600, `${code}: an error status`)
      statuses.add(r.status)
      // Relay refusals name the device's own account (it is the one reading), shortened; an id like
      // `0x…-3` is how the device follows its request.
      assertSentence({ message: r.message.replace(/0x[0-9a-f]{40}-\d+/, 'ID'), hint: r.hint?.replace(/0x[0-9a-f]{40}-\d+/, 'ID') }, ['BatteryInterfaceSwapNotPending'], code, { namesResolvable: true })
    }
    assert.ok(statuses.size >= 5, 'statuses follow the codes')
    const revert = describeRelayRefusal('would_revert', facts.would_revert)
    assert.deepEqual([revert.status, revert.message, revert.reason], [422, 'Swap 2 was already approved.', 'BatteryInterfaceSwapNotPending'])
    assert.equal(describeRelayRefusal('rate_limited', facts.rate_limited).hint, 'Wait 2 s and send it again.')
    assert.match(describeRelayRefusal('expired', facts.expired).message, /2023-11-14 22:13:20 UTC/)
  })
})
