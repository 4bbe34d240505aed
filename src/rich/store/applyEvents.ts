import { getAddress, isAddressEqual, keccak256, toHex, type Address } from 'viem'
import type { Deployment } from '../../sdk/deployment.js'
import { batteryStatusNames, roleNames } from '../../sdk/enums.js'
import { classifyTransfers } from '../events/classifyTransfers.js'
import type { IndexedEvent } from '../events/IndexedEvent.js'
import type { WantedKeys, WorkingSet } from './createWorkingSet.js'

/** An event with its block's time (unix seconds; 0 when the node gave none) and raw log, as the index stores it. */
export type TimedEvent = IndexedEvent & { time: number; topics: readonly string[]; data: string }

const SUPER_ROLE = keccak256(toHex('SUPER_ROLE'))
const ZERO: Address = '0x0000000000000000000000000000000000000000'
const TREASURY = 'treasury'

/**
 * The rows `events` will read or change, to load into the working set before {@link applyEvents}.
 *
 * @example
 * await ws.load(db, wantedKeys(events))
 */
export function wantedKeys(events: readonly TimedEvent[]): WantedKeys {
  const addresses = new Set<string>()
  const batteries = new Set<string>()
  const swaps = new Set<string>()
  for (const { args: a } of events) {
    for (const f of ['account', 'from', 'to', 'evOwner'] as const) if (typeof a[f] === 'string') addresses.add(getAddress(a[f] as string))
    if (a.batteryId !== undefined) batteries.add(String(a.batteryId))
    if (a.swapId !== undefined) swaps.add(String(a.swapId))
  }
  return { accounts: addresses, balances: addresses, supers: addresses, batteries, swaps, meta: [TREASURY] }
}

/**
 * How each contract event changes the index: accounts, super accounts, E-coin balances, batteries and their
 * holders and registration tags, swaps, each battery's history, and each account's ledger (E-coin movements
 * classified by the operation of their call, with the running balance). Events come in chain order; the
 * rows they touch must have been loaded (`wantedKeys`).
 *
 * @example
 * applyEvents(ws, blockEvents, deployment)
 */
export function applyEvents(ws: WorkingSet, events: readonly TimedEvent[], deployment: Deployment): void {
  const treasury = () => getAddress(ws.get('meta', TREASURY)?.value ?? deployment.superAccount)
  const balance = (address: string) => BigInt(ws.get('balances', address)?.balance ?? '0')
  const addHistory = (batteryId: unknown, e: TimedEvent) => ws.appended.battery_events.push({ battery_id: Number(batteryId), block: e.blockNumber, log_index: e.logIndex })

  // A call ends at its forwarder's ExecutedForwardRequest (a relayed batch holds many), or with its transaction.
  let call: TimedEvent[] = []
  for (const e of events) {
    if (call.length > 0 && call[0]!.txHash !== e.txHash) endCall()
    call.push(e)
    if (e.event === 'ExecutedForwardRequest' && isAddressEqual(e.address, deployment.forwarder)) endCall()
  }
  if (call.length > 0) endCall()

  function endCall(): void {
    // The ledger first, from the balances before the call, so each entry's balance is the one after it.
    const running = new Map<string, bigint>()
    const movements = classifyTransfers(call, {
      batteryInterface: deployment.batteryInterface,
      treasury: treasury(),
      swapFee: (id) => {
        const s = ws.get('swaps', String(id))
        return s ? BigInt(s.fee) : undefined
      },
    })
    for (const m of movements) {
      // A transfer to itself moves nothing, so it is no entry (and each entry's block:logIndex stays unique).
      if (isAddressEqual(m.from, m.to)) continue
      const t = m.transfer as TimedEvent
      const cause = m.cause
      const entry = (account: Address, amount: bigint, counterparty: Address) => {
        const after = (running.get(account) ?? balance(account)) + amount
        running.set(account, after)
        ws.appended.ledger.push({
          account,
          block: t.blockNumber,
          log_index: t.logIndex,
          tx_hash: t.txHash,
          kind: m.kind,
          amount: amount.toString(),
          counterparty,
          cause_event: cause?.event ?? null,
          swap_id: cause && 'swapId' in cause ? cause.swapId : null,
          battery_id: cause && 'batteryId' in cause ? cause.batteryId : null,
          balance_after: after.toString(),
          time: t.time || null,
        })
      }
      if (!isAddressEqual(m.from, ZERO)) entry(m.from, -m.value, m.to)
      entry(m.to, m.value, m.from)
    }
    for (const e of call) apply(e)
    call = []
  }

  function apply(e: TimedEvent): void {
    const a = e.args
    ws.appended.events.push({ block: e.blockNumber, log_index: e.logIndex, tx_hash: e.txHash, address: e.address, topics: e.topics.join(','), data: e.data, event: e.event, time: e.time || null })
    switch (e.event) {
      case 'AccountRegistered': {
        const address = getAddress(a.account as string)
        ws.put('accounts', address, { address, role: roleNames[Number(a.role)] ?? 'None', unit: Number(a.unit), suspended: false })
        break
      }
      case 'AccountSuspended': {
        const address = getAddress(a.account as string)
        const row = ws.get('accounts', address)
        if (row) ws.put('accounts', address, { ...row, suspended: Boolean(a.suspended) })
        break
      }
      case 'RoleGranted':
      case 'RoleRevoked':
        if (a.role === SUPER_ROLE) {
          const address = getAddress(a.account as string)
          ws.put('supers', address, e.event === 'RoleGranted' ? { address } : null)
        }
        break
      case 'TreasurySet':
        ws.put('meta', TREASURY, { key: TREASURY, value: getAddress(a.treasury as string) })
        break
      case 'Transfer': {
        // Only E-coin emits Transfer among these contracts.
        const value = a.value as bigint
        for (const [side, sign] of [[a.from, -1n], [a.to, 1n]] as const) {
          if (side === ZERO) continue
          const address = getAddress(side as string)
          ws.put('balances', address, { address, balance: (balance(address) + sign * value).toString() })
        }
        break
      }
      case 'BatteryRegistered': {
        const id = String(a.batteryId)
        ws.put('batteries', id, { id: Number(id), owner: getAddress(a.owner as string), holder: Number(a.holder), status: 'InService', tag: (a.tag as string).toLowerCase(), registered_block: e.blockNumber })
        break
      }
      case 'BatteryTransferred': {
        const b = ws.get('batteries', String(a.batteryId))
        // BatteryProcess.transfer (a swap's approval) puts the battery back in service without a BatteryStatusChanged.
        if (b) ws.put('batteries', String(a.batteryId), { ...b, owner: getAddress(a.to as string), holder: Number(a.holder), status: 'InService' })
        break
      }
      case 'BatteryStatusChanged': {
        const b = ws.get('batteries', String(a.batteryId))
        if (b) ws.put('batteries', String(a.batteryId), { ...b, status: batteryStatusNames[Number(a.status)] ?? b.status })
        break
      }
      case 'SwapRequested': {
        const evOwner = getAddress(a.evOwner as string)
        ws.put('swaps', String(a.swapId), {
          id: Number(a.swapId),
          ev_owner: evOwner,
          ev_unit: Number(ws.get('accounts', evOwner)?.unit ?? 0),
          station_unit: Number(a.stationUnit),
          ev_battery_id: Number(a.evBatteryId),
          station_battery_id: Number(a.stationBatteryId),
          status: 'Pending',
          difference: String(a.difference),
          fee: String(a.fee),
          requested_block: e.blockNumber,
          requested_time: e.time,
          decided_block: null,
        })
        break
      }
      case 'SwapApproved':
      case 'SwapDenied':
      case 'SwapCancelled': {
        const s = ws.get('swaps', String(a.swapId))
        const status = e.event === 'SwapApproved' ? 'Approved' : e.event === 'SwapDenied' ? 'Denied' : 'Cancelled'
        if (s) ws.put('swaps', String(a.swapId), { ...s, status, decided_block: e.blockNumber })
        break
      }
    }
    // History: events naming a battery, and swap decisions through the swap's two batteries.
    if (a.batteryId !== undefined) addHistory(a.batteryId, e)
    else if (e.event === 'SwapRequested') {
      addHistory(a.evBatteryId, e)
      if (String(a.stationBatteryId) !== String(a.evBatteryId)) addHistory(a.stationBatteryId, e)
    } else if (e.event.startsWith('Swap') && a.swapId !== undefined) {
      const s = ws.get('swaps', String(a.swapId))
      if (s) {
        addHistory(s.ev_battery_id, e)
        if (String(s.station_battery_id) !== String(s.ev_battery_id)) addHistory(s.station_battery_id, e)
      }
    }
  }
}
