import { decodeFunctionData, isAddressEqual, type Address } from 'viem'
import { batteryInterfaceAbi } from '../../sdk/abi/batteryInterface.js'
import type { Deployment } from '../../sdk/deployment.js'
import { forwarderNonceSlot } from '../../sdk/slots/forwarderNonceSlot.js'
import { toHexSlot } from '../../sdk/slots/toHexSlot.js'
import { accountSlot } from '../../sdk/slots/accountSlot.js'
import { decodeAccountRecord } from '../../sdk/slots/decodeAccountRecord.js'
import { decodeHoldRecord } from '../../sdk/slots/decodeHoldRecord.js'
import { holdSlot } from '../../sdk/slots/holdSlot.js'
import { staticHash, fromStaticInfoStruct } from '../../sdk/staticInfo.js'
import type { StationClient } from '../agent/createStationClient.js'
import type { OutboxPayload, SettledOperation } from '../agent/OutboxPayload.js'
import type { ProvenReader } from './createProvenReader.js'
import { toConditionStruct, type ConditionReadingStruct } from '../../sdk/passport/passportStructs.js'
import { proveBatteryRecord } from './proveBatteryRecord.js'
import { StationLiedError } from './StationLiedError.js'

/**
 * What a station said of a request: its relay's outcome, or `replayed` (its nonce is used), or `unknown`
 * when it lost track of the request (restarted, or the device failed over): then the proofs alone decide.
 */
export type OutcomeClaim = {
  station: string
  status: 'confirmed' | 'failed' | 'unknown'
  /** false: it ran and reverted inside its call. */
  success?: boolean
  blockNumber?: number
  events: SettledOperation['events']
}

/** What the proofs show: whether the request ran, whether its effect is on chain, at which block. */
export type ProvenOutcome = { ran: boolean; ok: boolean; blockNumber: number; events: SettledOperation['events'] }

export type OutcomeProver = {
  /** Proves what `claim` says of `payload`'s signed request; throws StationLieError when a proof refutes it. */
  prove(payload: OutboxPayload, claim: OutcomeClaim): Promise<ProvenOutcome>
}

/** Blocks to wait past a claim that names no block before its request counts as not run. */
const CLAIM_SLACK_BLOCKS = 3n

/**
 * What "confirmed" means on a verifying device: the forwarder's nonce of this device, proven at a block the
 * signers built a quorum on (at or after the claimed one), moved past the request's; and for the operations
 * whose effect is the device's own to check, the battery's proven record holds it: a charge's or discharge's
 * reading, a registration's battery (owned by this device, with the static info it signed). A recycling is
 * proven by the battery's status, Recycled for good; a swap's request, approval or denial by its two
 * batteries' status and owner at the block the station says it ran in (its effect can be undone after). A
 * battery hold, taken or released, by the battery's proven hold slot at the block the station names. A
 * cancellation names only the swap, and is proven by its nonce; so is a request the station says nothing of
 * (its block unknown), and a station's place (StationDirectory). The passport's variants (a registration with its
 * passport, a charge or discharge with a condition) are proven as the plain ones.
 *
 * @example
 * const outcomes = createOutcomeProver({ prover, station, deployment: identity.deployment, address })
 * const { ran, ok } = await outcomes.prove(payload, { station: url, status: 'confirmed', blockNumber: 120, events })
 */
export function createOutcomeProver(opts: { prover: ProvenReader; station: StationClient; deployment: () => Deployment; address: Address }): OutcomeProver {
  const { prover } = opts

  async function provenNonce(atLeast?: bigint) {
    const d = opts.deployment()
    const r = await prover.readSlots(d.forwarder, [toHexSlot(forwarderNonceSlot(opts.address))], atLeast === undefined ? {} : { atLeast })
    return { nonce: r.values[0]!, header: r.header }
  }

  return {
    async prove(payload, claim) {
      const signed = payload.signed
      if (!signed) throw new Error('an unsigned request has no outcome to prove')
      const nonce = BigInt(signed.nonce)
      const label = payload.call.label
      const claimed = `${label} (nonce ${nonce}) ${claim.status}${claim.blockNumber === undefined ? '' : ` in block ${claim.blockNumber}`}`
      let { nonce: next, header } = await provenNonce(claim.blockNumber === undefined ? undefined : BigInt(claim.blockNumber))
      // A claim without a block ("replayed") may be of a block the signers have not built on yet.
      if (next <= nonce && claim.status === 'confirmed' && claim.blockNumber === undefined) ({ nonce: next, header } = await provenNonce(header.number + CLAIM_SLACK_BLOCKS))
      const blockNumber = Number(header.number)
      if (next <= nonce) {
        if (claim.status === 'confirmed') throw new StationLiedError({ station: claim.station, claim: claimed, proven: `this device's forwarder nonce is still ${next} at block ${header.number}: the request has not run` })
        return { ran: false, ok: false, blockNumber, events: claim.events }
      }
      const claimedOk = claim.status === 'confirmed' && claim.success !== false
      const unknown = claim.status === 'unknown'
      const d = opts.deployment()
      // Only BatteryInterface's operations have an effect proven here; another contract's (StationDirectory's
      // places) is proven by the nonce alone, below.
      const { functionName, args } = isAddressEqual(payload.call.to, d.batteryInterface)
        ? decodeFunctionData({ abi: batteryInterfaceAbi, data: payload.call.data })
        : { functionName: undefined, args: [] as readonly unknown[] }
      // The passport's variants (issue 16) and a charge's reading in progress take the same leading arguments, and are proven the same way.
      if (functionName === 'charge' || functionName === 'discharge' || functionName === 'chargeWithCondition' || functionName === 'dischargeWithCondition' || functionName === 'reportCharging') {
        const [batteryId, energyWh, socPermille, , sent] = args as readonly [number, number, number, number, ConditionReadingStruct?]
        const record = await proveBatteryRecord(prover, d, batteryId, header)
        // With a condition, the proven record holds that condition too (its words are proven with the rest).
        const conditionHeld = !sent || (record?.condition !== null && record !== null && sameCondition(toConditionStruct(record.condition), sent))
        const applied = record !== null && record.dynamicInfo.energyWh === energyWh && record.dynamicInfo.socPermille === socPermille && conditionHeld
        if (claimedOk && !applied) {
          const holds = record ? `${record.dynamicInfo.energyWh / 1000} kWh at ${record.dynamicInfo.socPermille / 10} %` : 'nothing'
          throw new StationLiedError({ station: claim.station, claim: `${claimed}, recording ${energyWh / 1000} kWh at ${socPermille / 10} % on battery ${batteryId}`, proven: `battery ${batteryId} holds ${holds} at block ${header.number}` })
        }
        return { ran: true, ok: (claimedOk || unknown) && applied, blockNumber, events: claim.events }
      }
      if ((functionName === 'registerBattery' || functionName === 'registerBatteryWithPassport') && (claimedOk || unknown)) {
        const id = await registeredId(payload, claim)
        const info = fromStaticInfoStruct((args as readonly [Parameters<typeof fromStaticInfoStruct>[0], unknown, unknown])[0])
        const record = id ? await proveBatteryRecord(prover, d, id, header) : null
        if (!record || record.dynamicInfo.owner.toLowerCase() !== opts.address.toLowerCase() || staticHash(record.staticInfo) !== staticHash(info)) {
          // Without a claim there is nothing to refute: it ran and reverted, or its id is not known yet.
          if (unknown) return { ran: true, ok: false, blockNumber, events: [] }
          throw new StationLiedError({ station: claim.station, claim: `${claimed} as battery ${id ?? '(no id)'}`, proven: id ? `battery ${id} at block ${header.number} is ${record ? "another owner's or another battery" : 'not registered'}` : 'no battery id' })
        }
        // The claimed event names the proven id; without one (a replayed answer), the id looked up by tag is.
        const events = claim.events.some((e) => e.event === 'BatteryRegistered') ? claim.events : [{ event: 'BatteryRegistered', args: { batteryId: id, owner: opts.address, tag: payload.tag } }]
        return { ran: true, ok: true, blockNumber, events }
      }
      if ((functionName === 'requestSwap' || functionName === 'approveSwap' || functionName === 'denySwap') && claim.blockNumber !== undefined && (claimedOk || unknown)) {
        // A swap's effect can be undone later (an approval moves what a request locked, a new request locks what
        // a denial unlocked), so it is proven at the block the station says the request ran in, exactly.
        const [first, second, third] = args as readonly [number, number, number, ...unknown[]]
        const [evBatteryId, stationBatteryId] = functionName === 'requestSwap' ? [first, second] : [second, third]
        const at = await prover.headerAt(BigInt(claim.blockNumber))
        const [ev, st] = await Promise.all([proveBatteryRecord(prover, d, evBatteryId, at), proveBatteryRecord(prover, d, stationBatteryId, at)])
        const me = opts.address.toLowerCase()
        const held = (r: typeof ev) => (r ? `${r.dynamicInfo.status}, owned by ${r.dynamicInfo.owner}` : 'not registered')
        const applied =
          functionName === 'requestSwap'
            ? // locked by the request, or already moved by an approval in the same block
              ev?.dynamicInfo.status === 'SwapPending' || (ev !== null && ev.dynamicInfo.owner.toLowerCase() !== me)
            : functionName === 'approveSwap'
              ? ev?.dynamicInfo.owner.toLowerCase() === me
              : st?.dynamicInfo.status !== 'SwapPending' && st?.dynamicInfo.owner.toLowerCase() === me
        if (claimedOk && !applied) {
          throw new StationLiedError({ station: claim.station, claim: `${claimed}, swapping battery ${evBatteryId} for battery ${stationBatteryId}`, proven: `at block ${at.number} battery ${evBatteryId} is ${held(ev)} and battery ${stationBatteryId} is ${held(st)}` })
        }
        return { ran: true, ok: (claimedOk || unknown) && applied, blockNumber, events: claim.events }
      }
      if ((functionName === 'holdBattery' || functionName === 'releaseHold') && claim.blockNumber !== undefined && (claimedOk || unknown)) {
        // A hold ends by a later request or release, so it is proven at the block the station names, exactly.
        const [batteryId] = args as readonly [number]
        const at = await prover.headerAt(BigInt(claim.blockNumber))
        const { values } = await prover.readSlots(d.batteryInterface, [toHexSlot(holdSlot(batteryId)), toHexSlot(accountSlot(opts.address))], { at })
        const hold = decodeHoldRecord(values[0]!)
        const mine = hold.until !== 0 && hold.evUnit === decodeAccountRecord(values[1]!).unit
        const applied = functionName === 'holdBattery' ? mine : !mine
        if (claimedOk && !applied) {
          const holds = hold.until === 0 ? 'no hold' : `a hold for unit ${hold.evUnit} until ${hold.until}`
          throw new StationLiedError({ station: claim.station, claim: `${claimed}, ${functionName === 'holdBattery' ? 'holding' : 'releasing'} battery ${batteryId}`, proven: `battery ${batteryId} has ${holds} at block ${at.number}` })
        }
        return { ran: true, ok: (claimedOk || unknown) && applied, blockNumber, events: claim.events }
      }
      if (functionName === 'recycle') {
        // Recycled is for good, so the proof at any later block shows it.
        const [batteryId] = args as readonly [number]
        const record = await proveBatteryRecord(prover, d, batteryId, header)
        const applied = record?.dynamicInfo.status === 'Recycled'
        if (claimedOk && !applied) throw new StationLiedError({ station: claim.station, claim: `${claimed}, recycling battery ${batteryId}`, proven: `battery ${batteryId} is ${record ? record.dynamicInfo.status : 'not registered'} at block ${header.number}` })
        return { ran: true, ok: (claimedOk || unknown) && applied, blockNumber, events: claim.events }
      }
      // A request that ran with no word on its outcome counts as confirmed, as a replayed one always did.
      return { ran: true, ok: claimedOk || unknown, blockNumber, events: claim.events }
    },
  }

  /** The id a registration got, as the station says it (its event, or the tag's lookup): proven by the caller. */
  async function registeredId(payload: OutboxPayload, claim: OutcomeClaim): Promise<number | undefined> {
    const fromEvent = Number(claim.events.find((e) => e.event === 'BatteryRegistered')?.args.batteryId ?? 0)
    if (fromEvent) return fromEvent
    if (!payload.tag) return undefined
    const r = await opts.station.request<{ batteryId: number }>('GET', `/api/registrations/${payload.tag}`)
    return r.status === 200 ? Number(r.body.batteryId) : undefined
  }
}

const sameCondition = (a: ConditionReadingStruct, b: ConditionReadingStruct) =>
  (Object.keys(a) as (keyof ConditionReadingStruct)[]).every((k) => Number(a[k]) === Number(b[k]))
