import { keccak256, toHex, zeroAddress, type Address } from 'viem'
import { describeUnit } from '../units.js'
import type { ErrorNames } from './ErrorNames.js'
import { formatECoin } from '../formatECoin.js'
import { formatUtcTime } from './formatUtcTime.js'
import { shortAddress } from './shortAddress.js'

/** A contract error in words: what happened (`message`), what to do next (`hint`), and the error's name for programs (`reason`). */
export type ContractErrorSentence = { message: string; hint: string; reason: string }

/** The error as {@link decodeEvswapError} gives it: the custom error's name and its arguments in ABI order. */
export type DescribeContractErrorParameters = { name: string; args: readonly unknown[] }

type Words = { message: string; hint: string }
type Describe = (args: readonly unknown[], n: Namer) => Words

/** Lookups with fallbacks, so each sentence below reads the same with or without a resolver. */
type Namer = {
  who(address: unknown): string
  names: ErrorNames
}

const SUPER_ROLE = keccak256(toHex('SUPER_ROLE'))
const ADMIN_ROLE = `0x${'0'.repeat(64)}`
const ROLE_WORDS = ['no role', 'an EV owner', 'a station operator'] as const

const num = (v: unknown) => Number(v)
const big = (v: unknown) => BigInt(v as bigint)
const capital = (s: string) => s.charAt(0).toUpperCase() + s.slice(1)

/** BatteryProcess's passport reasons in a person's words. */
const PASSPORT_WORDS: Record<string, string> = {
  'already set': 'it was set at registration, and a passport’s properties never change',
  'certified energy is zero': 'its certified usable energy is 0 kWh',
  'rated capacity is zero': 'its rated capacity is 0 Ah',
  'expected cycles is zero': 'its expected lifetime is 0 cycles',
  'exhaustion threshold outside 1..999 permille': 'its exhaustion threshold must lie between 0.1 % and 99.9 %',
  'nominal voltage is zero': 'its nominal voltage is 0 V',
  'chemistry is empty': 'its chemistry is empty',
  'no passport': 'the battery was registered without a passport, so it has no condition or life status to record',
  'a battery becomes original never again, and waste by recycling': 'a battery can be made repurposed, reused or remanufactured; it becomes waste only by being recycled',
}

/** Contract reasons (plain strings in BatteryProcess) in a person's words. */
const READING_WORDS: Record<string, string> = {
  'SOC over 1000 permille': 'its state of charge is over 100 %',
  'charge lowered energy': 'a charge cannot lower its energy',
  'charge SOC must rise within 0..1000': 'after a charge its state of charge must not fall, and must stay within 0–100 %',
  'discharge raised energy': 'a discharge cannot raise its energy',
  'discharge raised SOC': 'a discharge cannot raise its state of charge',
  'status None': 'no battery has this number',
  'a recycled battery never moves': 'it was recycled, and a recycled battery never moves again',
  'count or total time overflowed': 'its counts or total times would pass what the chain can hold',
  'a lifetime counter fell': 'its energy throughput, negative events or time at extreme temperatures fell, and those only ever rise',
}
const STATIC_WORDS: Record<string, string> = {
  'brand is empty': 'its brand is empty',
  'a count limit is zero': 'a charging or discharging count limit is 0',
  'a time limit is zero': 'a charging or discharging time limit is 0',
  'maxYearLimited is zero': 'its year limit is 0',
  'manufactureMonth outside 1..12': 'its manufacture month is not from 1 to 12',
  'manufactureYear before 1970': 'its manufacture year is before 1970',
}

/** StationDirectory's field names in a person's words. */
const PLACE_FIELD_WORDS: Record<string, string> = { name: 'name', streetAddress: 'address', openingHours: 'opening hours', formats: 'list of battery formats' }
/** A coordinate in micro-degrees as degrees. */
const microDegrees = (v: unknown) => `${(num(v) / 1e6).toFixed(6)}°`

const ASK_SUPER = 'Ask the super account to do it: only its device can.'
const DEPLOY_ONLY = 'Nothing to do: this wiring is done once, when the contracts are deployed.'
const THROUGH_STATION = 'Send the operation through a station, which calls the contracts the allowed way.'

function zeroOnly(verb: string): Describe {
  return ([a], n) => ({ message: `E-coin cannot be ${verb} ${n.who(a)}.`, hint: 'Give the address of a real account.' })
}

function downcast(signed: boolean): Describe {
  return ([bits, value]) => {
    const max = signed ? 2n ** (big(bits) - 1n) - 1n : 2n ** big(bits) - 1n
    return {
      message: `The amount ${formatECoin(big(value))} is more than the contracts can hold here (at most ${formatECoin(max)}).`,
      hint: 'Use a smaller amount.',
    }
  }
}

/**
 * One entry per custom error of the generated ABIs (test/unit/errorSentences.test.ts fails when one is
 * missing), each read from where the contract raises it (contracts/src), so the sentence says what the
 * person did, not what the code checked.
 */
const SENTENCES: Record<string, Describe> = {
  // ------------------------------------------------------------ BatteryInterface: roles and registration
  BatteryInterfaceNotSuperAccount: ([account], n) =>
    account === zeroAddress
      ? { message: 'The contracts need a super account, and none was given.', hint: 'Deploy again with the super account’s address.' }
      : { message: `Only the super account can do this, and ${n.who(account)} is not it.`, hint: ASK_SUPER },
  BatteryInterfaceUnauthorizedAccount: ([account, needed], n) => {
    const role = ROLE_WORDS[num(needed)] ?? 'registered'
    const name = n.names.nameOf?.(account as Address)
    return name
      ? { message: `${capital(name)} cannot do this: only ${role} can.`, hint: `Do it from ${role}’s device.` }
      : {
          message: `The account ${n.who(account)} is not registered on this network, so it cannot do this.`,
          hint: `Ask the super account to register it (as ${role}) first.`,
        }
  },
  BatteryInterfaceAlreadyRegistered: ([account, unit], n) => {
    if (account === zeroAddress) return { message: 'The zero address cannot be registered.', hint: 'Give the address of the device to register.' }
    const name = n.names.nameOf?.(account as Address)
    return {
      message: name
        ? `This account is already registered, as ${name}; an account has one EV or station.`
        : `${capital(describeUnit(num(unit)))} already has an account; each EV and station has one.`,
      hint: 'Register a new device’s account, or pick an EV or station number that is not taken.',
    }
  },
  BatteryInterfaceInvalidUnit: ([unit]) => ({
    message: `${num(unit)} is not a valid EV or station number.`,
    hint: 'Pick a number from 1 to 2147483647.',
  }),
  BatteryInterfacePaused: () => ({
    message: 'The super account has paused the network: no battery operation can run now.',
    hint: 'Wait until the super account resumes it, then try again.',
  }),
  BatteryInterfaceAccountSuspended: ([account], n) => {
    const who = n.who(account)
    return {
      message: `The super account has suspended ${who}: it can do nothing, and no swap it asked for can be approved, until it is restored.`,
      hint: who.startsWith('EV')
        ? `If ${who} asked a swap of this station, deny it (that only gives back its escrow); if ${who}’s device was lost or stolen and is found, ask the super account to restore it.`
        : `If ${who}’s device was lost or stolen and is found, ask the super account to restore it; its batteries and E-coin are as they were.`,
    }
  },

  // ------------------------------------------------------------ BatteryInterface: batteries and swaps
  BatteryInterfaceNotYourBattery: ([account, batteryId], n) => {
    const id = num(batteryId)
    const b = n.names.battery?.(id)
    const who = n.who(account)
    if (b && b.owner.toLowerCase() === String(account).toLowerCase()) {
      // Only requestSwap raises it for the caller's own battery: as the station's side of the swap.
      return {
        message: `Battery ${id} is ${who}’s own, so it cannot be the station battery of a swap.`,
        hint: 'Pick a battery that sits at the station you swap with.',
      }
    }
    if (b) {
      return {
        message: `Battery ${id} belongs to ${n.who(b.owner)}, not to ${who}.`,
        hint: `Act only on ${who}’s own batteries; to get a station’s battery, request a swap.`,
      }
    }
    return {
      message: `Battery ${id} is not ${who}’s to use here: it belongs to, or sits at, another EV or station.`,
      hint: `Act only on ${who}’s own batteries; to get a station’s battery, request a swap.`,
    }
  },
  BatteryInterfaceBatteryNotInService: ([batteryId], n) => {
    const id = num(batteryId)
    const status = n.names.battery?.(id)?.status
    if (status === 'SwapPending') {
      return { message: `Battery ${id} is held by a swap request that is still pending.`, hint: 'Wait until that swap is approved, denied or cancelled, then try again.' }
    }
    if (status === 'Recycled') return { message: `Battery ${id} was recycled and can no longer be used.`, hint: 'Pick another battery.' }
    return { message: `Battery ${id} is not in service: it is held by a pending swap, or was recycled.`, hint: 'Pick another battery, or wait for its swap to be decided.' }
  },
  BatteryInterfaceBatteryExhausted: ([batteryId]) => ({
    message: `Battery ${num(batteryId)} is worn out: its state of health is under its exhaustion threshold, so it is not offered for a swap.`,
    hint: 'Pick another charged battery; the station should recycle this one.',
  }),
  BatteryInterfaceBatteryHeld: ([batteryId, evUnit, until]) => ({
    message: `Battery ${num(batteryId)} is held for ${describeUnit(num(evUnit))} until ${formatUtcTime(big(until))}: nobody else can take or hold it before then.`,
    hint: 'Pick another charged battery, or wait until the hold ends.',
  }),
  BatteryInterfaceAlreadyHolding: ([evUnit, batteryId]) => ({
    message: `${capital(describeUnit(num(evUnit)))} already holds battery ${num(batteryId)}: an EV holds one battery at a time.`,
    hint: `Swap on battery ${num(batteryId)}, or release its hold first.`,
  }),
  BatteryInterfaceNoHold: ([batteryId]) => ({
    message: `Battery ${num(batteryId)} is not held, so there is no hold to release.`,
    hint: 'Refresh the station list: the hold was used, released or taken over after it ran out.',
  }),
  BatteryInterfaceHoldRunning: ([batteryId, until]) => ({
    message: `The hold on battery ${num(batteryId)} runs until ${formatUtcTime(big(until))}: before then only its EV can release it.`,
    hint: 'Wait until the hold ends; it is released then by whoever needs the battery.',
  }),
  BatteryInterfaceInvalidHoldDuration: ([duration]) => ({
    message: `A hold of ${num(duration)} seconds is too short: a hold lasts at least 1 minute.`,
    hint: 'Give the hold duration in minutes, 1 or more (15 is usual).',
  }),
  BatteryInterfaceQuoteExceeded: ([cost, maxCost]) => ({
    message: `This swap now costs ${formatECoin(big(cost))}, more than the ${formatECoin(big(maxCost))} accepted with the quote: prices changed since.`,
    hint: 'Read the new quote, and request the swap again if it suits you.',
  }),
  BatteryInterfaceSwapNotPending: ([swapId], n) => {
    const id = num(swapId)
    const s = n.names.swap?.(id)
    const refresh = 'Nothing more to do with it: refresh the list of swap requests.'
    if (s?.status === 'None') return { message: `There is no swap ${id}.`, hint: 'Check the swap’s number in the list of swap requests.' }
    if (s?.status === 'Approved') return { message: `Swap ${id} was already approved.`, hint: refresh }
    if (s?.status === 'Denied') return { message: `Swap ${id} was already denied by ${s.stationUnit ? describeUnit(s.stationUnit) : 'its station'}.`, hint: refresh }
    if (s?.status === 'Cancelled') return { message: `Swap ${id} was already cancelled by ${s.evUnit ? describeUnit(s.evUnit) : 'its EV'}.`, hint: refresh }
    return { message: `Swap ${id} is no longer pending: it was already approved, denied or cancelled.`, hint: 'Refresh the list of swap requests to see what became of it.' }
  },
  BatteryInterfaceSwapTermsMismatch: ([swapId, evBatteryId, stationBatteryId, difference]) => {
    const d = big(difference)
    const money = d > 0n ? `the EV pays ${formatECoin(d)} more` : d < 0n ? `the station pays ${formatECoin(-d)} back` : 'at no price difference'
    return {
      message: `Swap ${num(swapId)} is not the request you decided on: on the chain it now swaps battery ${num(evBatteryId)} for battery ${num(stationBatteryId)}, ${money} (the chain reordered requests), so nothing was done.`,
      hint: 'Refresh the list of swap requests and decide again on the request as it shows now.',
    }
  },
  BatteryInterfaceNotSwapParty: ([account, swapId], n) => {
    const id = num(swapId)
    const s = n.names.swap?.(id)
    const between = s?.evUnit && s.stationUnit ? `: it is between ${describeUnit(s.evUnit)} and ${describeUnit(s.stationUnit)}` : ''
    return {
      message: `${capital(n.who(account))} is not a party to swap ${id}${between}.`,
      hint: 'Only the swap’s EV can cancel it, and only its station can approve or deny it.',
    }
  },

  // ------------------------------------------------------------ BatteryProcess: the battery store
  BatteryProcessUnknownBattery: ([batteryId]) => ({
    message: `No battery ${num(batteryId)} is registered on this network.`,
    hint: 'Check the battery’s number, or register the battery first.',
  }),
  BatteryProcessInvalidReading: ([batteryId, reason]) => {
    const id = num(batteryId)
    const what = READING_WORDS[String(reason)] ?? String(reason)
    return {
      message: `${id === 0 ? 'The new battery’s reading' : `The reading of battery ${id}`} was refused: ${what}.`,
      hint: 'Read the battery again and send the values it shows now.',
    }
  },
  BatteryProcessInvalidPassport: ([batteryId, reason]) => {
    const id = num(batteryId)
    const what = PASSPORT_WORDS[String(reason)] ?? String(reason)
    return {
      message: `${id === 0 ? 'The new battery’s passport' : `The passport of battery ${id}`} was refused: ${what}.`,
      hint: String(reason) === 'no passport' ? 'Send the reading without its condition, or register the battery again from a file with its passport fields.' : 'Fix the battery file’s passport fields (`evswap battery check FILE` names each bad field), then try again.',
    }
  },
  BatteryProcessInvalidStaticInfo: ([reason]) => ({
    message: `The battery’s static info was refused: ${STATIC_WORDS[String(reason)] ?? String(reason)}.`,
    hint: 'Fix the battery file’s staticInfo (`evswap battery check FILE` names each bad field), then register it again.',
  }),
  BatteryProcessUnauthorized: ([caller], n) => ({
    message: `Battery records change only through the network’s swap contract, and ${n.who(caller)} called the store directly.`,
    hint: THROUGH_STATION,
  }),
  BatteryProcessControllerAlreadySet: () => ({ message: 'The battery store is already wired to its swap contract.', hint: DEPLOY_ONLY }),

  // ------------------------------------------------------------ BalanceProcess: E-coin
  BalanceProcessUnauthorized: ([caller], n) => ({
    message: `E-coin is minted and moved without a signature only by the network’s swap contract, and ${n.who(caller)} is not it.`,
    hint: THROUGH_STATION,
  }),
  BalanceProcessControllerAlreadySet: () => ({ message: 'The E-coin ledger is already wired to its swap contract.', hint: DEPLOY_ONLY }),
  BalanceProcessAccountSuspended: ([account], n) => ({
    message: `The super account has suspended ${n.who(account)}, so its E-coin cannot move by its own hand or through an allowance it gave.`,
    hint: 'If its device was lost or stolen and is found, ask the super account to restore it; its E-coin is as it was.',
  }),
  ERC20InsufficientBalance: ([sender, balance, needed], n) => {
    const who = n.who(sender)
    return {
      message: `${capital(who)} has ${formatECoin(big(balance))}, and this needs ${formatECoin(big(needed))}.`,
      hint: who.startsWith('station')
        ? 'A station without the E-coin cannot approve: deny the swap, or ask the super account for E-coin.'
        : 'Ask the super account for more E-coin, or pick a cheaper battery, then try again.',
    }
  },
  ERC20InsufficientAllowance: ([spender, allowance, needed], n) => ({
    message: `${capital(n.who(spender))} may spend ${formatECoin(big(allowance))} of this account’s E-coin, and this needs ${formatECoin(big(needed))}.`,
    hint: 'Approve a larger allowance first, or send the E-coin yourself with a transfer.',
  }),
  ERC20InvalidReceiver: zeroOnly('sent to'),
  ERC20InvalidSender: zeroOnly('sent from'),
  ERC20InvalidApprover: zeroOnly('approved by'),
  ERC20InvalidSpender: zeroOnly('allowed to'),

  // ------------------------------------------------------------ StationDirectory: stations as places
  StationDirectoryNotSuperAccount: ([account], n) => ({
    message: `Only the super account places a station, and ${n.who(account)} is not it.`,
    hint: ASK_SUPER,
  }),
  StationDirectoryNotStationOperator: ([account, stationId], n) => ({
    message: `Only station ${num(stationId)}'s operator can change its name, address, opening hours and formats, and ${n.who(account)} is not it.`,
    hint: `Do it from station ${num(stationId)}'s device, or ask the super account.`,
  }),
  StationDirectoryAccountSuspended: ([account], n) => ({
    message: `The super account has suspended ${n.who(account)}: it cannot change its station's details until it is restored.`,
    hint: 'Ask the super account to restore it.',
  }),
  StationDirectoryUnknownStation: ([stationId]) => ({
    message: `Station ${num(stationId)} has no operator registered, so it cannot be placed.`,
    hint: `Register station ${num(stationId)}'s operator first, then set its place.`,
  }),
  StationDirectoryNotPlaced: ([stationId]) => ({
    message: `Station ${num(stationId)} has no place yet: the super account sets its name and location first.`,
    hint: `Ask the super account to place station ${num(stationId)}.`,
  }),
  StationDirectoryLocationFixed: ([stationId, latitude, longitude]) => ({
    message: `Station ${num(stationId)}'s location (${microDegrees(latitude)}, ${microDegrees(longitude)}) can be changed only by the super account.`,
    hint: 'Keep the location as it is and change the other fields, or ask the super account to move the station.',
  }),
  StationDirectoryInvalidLocation: ([latitude, longitude]) => ({
    message: `${microDegrees(latitude)}, ${microDegrees(longitude)} is not a place on Earth: latitude runs from -90° to 90°, longitude from -180° to 180°.`,
    hint: 'Give the latitude and longitude in degrees, e.g. 48.137154 and 11.576124.',
  }),
  StationDirectoryInvalidField: ([field, length, max]) => {
    const words = PLACE_FIELD_WORDS[String(field)] ?? String(field)
    return num(length) === 0
      ? { message: `The station's ${words} is empty.`, hint: `Give the station a ${words}.` }
      : {
          message: `The station's ${words} is ${num(length)} ${field === 'formats' ? 'formats' : 'bytes'} long; at most ${num(max)} are kept.`,
          hint: `Shorten the ${words}.`,
        }
  },

  // ------------------------------------------------------------ roles (OpenZeppelin AccessControl)
  AccessControlUnauthorizedAccount: ([account, role], n) => ({
    message: `${capital(n.who(account))} does not hold the ${role === SUPER_ROLE ? 'super account' : role === ADMIN_ROLE ? 'administrator' : 'needed'} role.`,
    hint: ASK_SUPER,
  }),
  AccessControlBadConfirmation: () => ({
    message: 'A role can be given up only by the account that holds it, confirming its own address.',
    hint: 'Renounce the role from that account, giving its own address.',
  }),
  SafeCastOverflowedUintDowncast: downcast(false),
  SafeCastOverflowedIntDowncast: downcast(true),

  // ------------------------------------------------------------ the forwarder (ERC-2771) and its libraries
  ERC2771ForwarderExpiredRequest: ([deadline]) => ({
    message: `The signed request expired at ${formatUtcTime(Number(deadline))}, before it ran.`,
    hint: 'Sign it again: a new request gets a new deadline.',
  }),
  ERC2771ForwarderInvalidSigner: ([signer, from], n) => ({
    message: `The request names ${n.who(from)} as its sender, but ${n.who(signer)} signed it.`,
    hint: 'Sign the request with the key of the account it names, at that account’s next request number.',
  }),
  ERC2771ForwarderMismatchedValue: ([requested, sent]) => ({
    message: `The request asks to pass on ${big(requested)} wei of Ether, and its transaction carries ${big(sent)} wei.`,
    hint: 'Send requests that pass on no Ether (value 0): devices hold none.',
  }),
  ERC2771UntrustfulTarget: ([target], n) => ({
    message: `The request is addressed to ${n.who(target)}, which does not take requests through this network’s forwarder.`,
    hint: 'Address it to one of the network’s contracts, whose addresses the station lists in GET /api/config.',
  }),
  InvalidAccountNonce: ([account, current], n) => ({
    message: `The request’s number does not follow ${n.who(account)}’s last one: the next is ${big(current)}.`,
    hint: 'Sign it again at the next number (a device does this by itself).',
  }),
  FailedCall: () => ({
    message: 'The forwarded call failed without saying why.',
    hint: 'Try again; if it fails again, tell the station’s operator when it happened.',
  }),
  InsufficientBalance: ([balance, needed]) => ({
    message: `The forwarder holds ${big(balance)} wei of Ether, and this would send ${big(needed)} wei.`,
    hint: 'Send requests that pass on no Ether (value 0).',
  }),
  InvalidShortString: () => ({
    message: 'A name given to the forwarder is not a valid short string.',
    hint: 'Deploy again with a name of at most 31 bytes.',
  }),
  StringTooLong: ([str]) => ({
    message: `The name "${String(str)}" is too long for the forwarder’s signing domain.`,
    hint: 'Deploy again with a name of at most 31 bytes.',
  }),
}

/** Names of the errors {@link describeContractError} has a sentence for (the test compares them with the ABIs). */
export const describedContractErrors: readonly string[] = Object.keys(SENTENCES)

/**
 * Turns a contract's custom error into a sentence for a person: names instead of addresses where `names`
 * knows them ("EV 1", "station 1", "the super account"; otherwise `0x2939…ab12`), amounts in E-coin,
 * the swap's or battery's state where it can be looked up ("Swap 2 was already approved."), and a hint of
 * what to do next. `reason` keeps the error's name for programs; neither `message` nor `hint` contains it.
 *
 * @example
 * describeContractError({ name: 'ERC20InsufficientBalance', args: [ev, 9317n, 81727n] }, { nameOf: () => 'EV 1' })
 * // { message: 'EV 1 has 93.17 E-coin, and this needs 817.27 E-coin.', hint: 'Ask the super account …', reason: 'ERC20InsufficientBalance' }
 */
export function describeContractError(error: DescribeContractErrorParameters, names: ErrorNames = {}): ContractErrorSentence {
  const namer: Namer = {
    names,
    who: (a) => {
      if (typeof a !== 'string') return 'an account'
      const address = a
      if (address.toLowerCase() === zeroAddress) return 'the zero address'
      return names.nameOf?.(address as Address) ?? shortAddress(address)
    },
  }
  const describe = SENTENCES[error.name]
  if (describe) {
    try {
      return { ...describe(error.args, namer), reason: error.name }
    } catch {
      // Arguments of an unexpected shape (a hand-made revert): the generic sentence below still helps.
    }
  }
  return {
    message: 'The chain refused this without a reason this station knows.',
    hint: 'Try again; if it is refused again, tell the station’s operator when it happened.',
    reason: error.name,
  }
}
