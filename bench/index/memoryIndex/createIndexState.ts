import { getAddress, keccak256, toHex, type Address, type Hex, type Log } from 'viem'
import type { Deployment } from '../../../src/sdk/deployment.js'
import { batteryStatusNames, roleNames, swapStatusNames } from '../../../src/sdk/enums.js'
import { describeUnit } from '../../../src/sdk/units.js'
import type { Journal } from './createJournal.js'
import { createLedger, type LedgerReader } from './createLedger.js'
import { decodeEvswapLog } from '../../../src/rich/events/decodeEvswapLog.js'
import type { IndexedEvent } from '../../../src/rich/events/IndexedEvent.js'

const SUPER_ROLE = keccak256(toHex('SUPER_ROLE'))
const ZERO = '0x0000000000000000000000000000000000000000'

export type IndexedAccount = { address: Address; role: (typeof roleNames)[number]; unit: number }
export type IndexedBattery = { id: number; owner: Address; holder: number; status: (typeof batteryStatusNames)[number] }
export type IndexedSwap = {
  id: number
  evOwner: Address
  evUnit: number
  stationUnit: number
  evBatteryId: number
  stationBatteryId: number
  status: (typeof swapStatusNames)[number]
}

export type CreateIndexStateParameters = {
  deployment: Deployment
  /** Every change goes through it, so the follower can undo a block a reorganization replaced. */
  journal: Journal
  /** Told of each event right after it is applied, before the next: a listener reads the state it left. */
  onApplied(e: IndexedEvent): void
}

/** What the index state answers (and `ChainIndex` with it). */
export type IndexReader = {
  accounts(): IndexedAccount[]
  account(address: Address): IndexedAccount | undefined
  superAccounts(): Address[]
  /** E-coin balance from `Transfer` events (cents). */
  balanceOf(address: Address): bigint
  battery(id: number): IndexedBattery | undefined
  /** Battery ids held by `holder`, or every battery id. Sorted. */
  batteryIds(holder?: number): number[]
  /** The battery id a `BatteryRegistered` event with this tag gave. */
  registration(tag: Hex): number | undefined
  /** Every event that concerns a battery, oldest first. */
  history(batteryId: number): IndexedEvent[]
  swap(id: number): IndexedSwap | undefined
  /** Swaps involving `unit` (as the EV's or the station's unit), optionally with one status. Oldest first. */
  swaps(filter?: { unit?: number; status?: string }): IndexedSwap[]
  /** Each account's E-coin movements (grants, escrow, settlement, refunds, fees), newest first, paged. */
  ledger: LedgerReader
}

export type IndexState = {
  /** Applies logs in chain order (told one by one) and answers their events. `blockTime`: the block's, when one block's. */
  applyLogs(logs: Log[], blockTime?: bigint): IndexedEvent[]
  /** Forgets everything: for indexing again from the deployment. */
  clear(): void
  read: IndexReader
}

/**
 * What the chain index knows, and how each contract event changes it: accounts, super accounts, E-coin
 * balances, batteries per holder, registration tags, swaps, each battery's history and the ledger. Every
 * change is made through the journal, so a block's changes can be taken back.
 *
 * @example
 * const state = createIndexState({ deployment, journal, onApplied: (e) => events.emit('chain', e) })
 * state.applyLogs(await publicClient.getLogs({ address, fromBlock, toBlock }))
 */
export function createIndexState(p: CreateIndexStateParameters): IndexState {
  const { deployment, journal } = p
  const accounts = new Map<string, IndexedAccount>()
  const supers = new Set<Address>([getAddress(deployment.superAccount)])
  const balances = new Map<string, bigint>()
  const batteries = new Map<number, IndexedBattery>()
  const byHolder = new Map<number, Set<number>>()
  const tags = new Map<string, number>()
  const histories = new Map<number, IndexedEvent[]>()
  const swaps = new Map<number, IndexedSwap>()
  const key = (a: string) => a.toLowerCase()
  const ledger = createLedger({
    deployment,
    journal,
    nameOf: (address) => {
      const unit = accounts.get(key(address))?.unit
      return unit ? describeUnit(unit) : supers.has(getAddress(address)) ? 'the super account' : undefined
    },
  })

  const addToHolder = (holder: number, id: number) => {
    let set = byHolder.get(holder)
    if (!set) journal.set(byHolder, holder, (set = new Set()))
    journal.add(set, id)
  }
  const addHistory = (id: number, e: IndexedEvent) => {
    let h = histories.get(id)
    if (!h) journal.set(histories, id, (h = []))
    journal.push(h, e)
  }

  function apply(e: IndexedEvent): void {
    const a = e.args
    switch (e.event) {
      case 'AccountRegistered': {
        const address = getAddress(a.account as string)
        journal.set(accounts, key(address), { address, role: roleNames[Number(a.role)] ?? 'None', unit: Number(a.unit) })
        break
      }
      case 'RoleGranted':
        if (a.role === SUPER_ROLE) journal.add(supers, getAddress(a.account as string))
        break
      case 'RoleRevoked':
        if (a.role === SUPER_ROLE) journal.delete(supers, getAddress(a.account as string))
        break
      case 'Transfer': {
        // Only E-coin emits Transfer among these contracts.
        const value = a.value as bigint
        if (a.from !== ZERO) journal.set(balances, key(a.from as string), (balances.get(key(a.from as string)) ?? 0n) - value)
        if (a.to !== ZERO) journal.set(balances, key(a.to as string), (balances.get(key(a.to as string)) ?? 0n) + value)
        break
      }
      case 'BatteryRegistered': {
        const id = Number(a.batteryId)
        const b: IndexedBattery = { id, owner: getAddress(a.owner as string), holder: Number(a.holder), status: 'InService' }
        journal.set(batteries, id, b)
        addToHolder(b.holder, id)
        journal.set(tags, key(a.tag as string), id)
        break
      }
      case 'BatteryTransferred': {
        const b = batteries.get(Number(a.batteryId))
        if (b) {
          const held = byHolder.get(b.holder)
          if (held) journal.delete(held, b.id)
          journal.assign(b, 'owner', getAddress(a.to as string))
          journal.assign(b, 'holder', Number(a.holder))
          // BatteryProcess.transfer (a swap's approval) puts the battery back in service without a BatteryStatusChanged.
          journal.assign(b, 'status', 'InService')
          addToHolder(b.holder, b.id)
        }
        break
      }
      case 'BatteryStatusChanged': {
        const b = batteries.get(Number(a.batteryId))
        if (b) journal.assign(b, 'status', batteryStatusNames[Number(a.status)] ?? b.status)
        break
      }
      case 'SwapRequested': {
        const evOwner = getAddress(a.evOwner as string)
        journal.set(swaps, Number(a.swapId), {
          id: Number(a.swapId),
          evOwner,
          evUnit: accounts.get(key(evOwner))?.unit ?? 0,
          stationUnit: Number(a.stationUnit),
          evBatteryId: Number(a.evBatteryId),
          stationBatteryId: Number(a.stationBatteryId),
          status: 'Pending',
        })
        break
      }
      case 'SwapApproved':
      case 'SwapDenied':
      case 'SwapCancelled': {
        const s = swaps.get(Number(a.swapId))
        if (s) journal.assign(s, 'status', e.event === 'SwapApproved' ? 'Approved' : e.event === 'SwapDenied' ? 'Denied' : 'Cancelled')
        break
      }
    }
    // History: events naming a battery, and swap decisions through the swap's two batteries.
    if (a.batteryId !== undefined) addHistory(Number(a.batteryId), e)
    else if (e.event === 'SwapRequested') {
      addHistory(Number(a.evBatteryId), e)
      addHistory(Number(a.stationBatteryId), e)
    } else if (e.event.startsWith('Swap') && a.swapId !== undefined) {
      const s = swaps.get(Number(a.swapId))
      if (s) {
        addHistory(s.evBatteryId, e)
        addHistory(s.stationBatteryId, e)
      }
    }
  }

  return {
    applyLogs(logs, blockTime) {
      logs.sort((x, y) => Number(x.blockNumber! - y.blockNumber!) || x.logIndex! - y.logIndex!)
      const applied = logs.map((l) => {
        const { event, args } = decodeEvswapLog(l)
        const e: IndexedEvent = { event, args, blockNumber: Number(l.blockNumber), txHash: l.transactionHash!, logIndex: l.logIndex!, address: l.address }
        apply(e)
        p.onApplied(e)
        return e
      })
      // Block times come with the logs from nodes that give them (anvil), or from the block the index read.
      const times = new Map(logs.map((l) => [Number(l.blockNumber), Number(l.blockTimestamp ?? blockTime ?? 0n)]))
      ledger.apply(applied, (n) => times.get(n))
      return applied
    },
    clear() {
      for (const m of [accounts, balances, batteries, byHolder, tags, histories, swaps]) m.clear()
      ledger.clear()
      supers.clear()
      supers.add(getAddress(deployment.superAccount))
    },
    read: {
      accounts: () => [...accounts.values()],
      account: (address) => accounts.get(key(address)),
      superAccounts: () => [...supers],
      balanceOf: (address) => balances.get(key(address)) ?? 0n,
      battery: (id) => batteries.get(id),
      batteryIds: (holder) => [...(holder === undefined ? batteries.keys() : (byHolder.get(holder) ?? []))].sort((x, y) => x - y),
      registration: (tag) => tags.get(key(tag)),
      history: (id) => [...(histories.get(id) ?? [])],
      swap: (id) => swaps.get(id),
      swaps(filter = {}) {
        return [...swaps.values()].filter(
          (s) => (filter.unit === undefined || s.evUnit === filter.unit || s.stationUnit === filter.unit) && (filter.status === undefined || s.status === filter.status),
        )
      },
      ledger,
    },
  }
}
