import { EventEmitter } from 'node:events'
import { BlockNotFoundError, getAddress, keccak256, toHex, type Address, type Hash, type Hex, type Log, type PublicClient } from 'viem'
import type { Deployment } from '../../sdk/deployment.js'
import { batteryStatusNames, roleNames, swapStatusNames } from '../../sdk/enums.js'
import { describeUnit } from '../../sdk/units.js'
import { createJournal } from './createJournal.js'
import { createLedger, type LedgerReader } from './createLedger.js'
import { decodeEvswapLog } from './decodeEvswapLog.js'

const SUPER_ROLE = keccak256(toHex('SUPER_ROLE'))
const ZERO = '0x0000000000000000000000000000000000000000'

/** A contract event as the index keeps it and `GET /api/events` streams it. */
export type IndexedEvent = {
  event: string
  args: Record<string, unknown>
  blockNumber: number
  txHash: Hash
  logIndex: number
  address: Address
}

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

export type CreateChainIndexParameters = {
  publicClient: PublicClient
  deployment: Deployment
  /** Blocks per `eth_getLogs` while catching up. Default 2000. */
  chunkSize?: number
  /** How often to look for a new head. Default the client's polling interval. */
  pollIntervalMs?: number
  /**
   * How many of the newest blocks a chain reorganization may still replace (default 64): the index checks
   * each new block's parent against them and can undo them. Older blocks are taken as final.
   */
  reorgDepth?: number
  log?: (line: string) => void
}

export type ChainIndex = {
  /** Resolves once the index has caught up with the head it saw at start. */
  readonly ready: Promise<void>
  /** The last block indexed (-1 before the first). */
  head(): number
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
  /**
   * `chain` (IndexedEvent) for each event, `head` (block number) for each new head, and `removed`
   * (IndexedEvent) for each event of a block that a chain reorganization replaced, newest first: the index
   * has already undone it, and emits `chain` again for whatever the replacing blocks hold.
   */
  events: EventEmitter
  /** Blocks undone because a reorganization replaced them, since start. */
  reorgedBlocks(): number
  close(): void
}

/**
 * An event-sourced index of the deployment: accounts, E-coin balances, batteries per holder, swaps and
 * each battery's history, built from the contracts' logs (scanned in chunks from the deployment block,
 * then followed block by block). It makes the station's list routes cheap and feeds `GET /api/events`;
 * single-item routes still read the contracts, which stay the authority.
 *
 * @example
 * const index = createChainIndex({ publicClient, deployment })
 * await index.ready
 * index.batteryIds(stationUnit(1))
 */
export function createChainIndex(p: CreateChainIndexParameters): ChainIndex {
  const { publicClient, deployment, chunkSize = 2000, reorgDepth = 64, log = () => {} } = p
  const pollIntervalMs = p.pollIntervalMs ?? publicClient.pollingInterval ?? 1000
  const addresses = [deployment.batteryInterface, deployment.batteryProcess, deployment.balanceProcess, deployment.forwarder]
  const events = new EventEmitter()
  // Every SSE client listens here; the default limit of 10 would warn with the 11th browser tab.
  events.setMaxListeners(0)

  const accounts = new Map<string, IndexedAccount>()
  const supers = new Set<Address>([getAddress(deployment.superAccount)])
  const balances = new Map<string, bigint>()
  const batteries = new Map<number, IndexedBattery>()
  const byHolder = new Map<number, Set<number>>()
  const tags = new Map<string, number>()
  const histories = new Map<number, IndexedEvent[]>()
  const swaps = new Map<number, IndexedSwap>()

  // The deployment may span a block or two before the recorded one (the constructor grants SUPER_ROLE);
  // earlier blocks hold no logs of these contracts, so starting a little early costs nothing.
  const first = BigInt(Math.max(0, deployment.block - 5))
  let next = first
  let indexedHead = -1
  // The newest blocks, oldest first, with what undoes each: a reorganization may still replace them.
  type RecentBlock = { number: bigint; hash: Hash; events: IndexedEvent[]; undos: (() => void)[] }
  const recent: RecentBlock[] = []
  const journal = createJournal()
  const ledger = createLedger({
    deployment,
    journal,
    nameOf: (address) => {
      const unit = accounts.get(key(address))?.unit
      return unit ? describeUnit(unit) : supers.has(getAddress(address)) ? 'the super account' : undefined
    },
  })
  let reorgedBlocks = 0
  let closed = false
  let timer: NodeJS.Timeout | undefined

  const key = (a: string) => a.toLowerCase()
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

  /** Applies logs in chain order and emits each; returns the events. `blockTime`: the block's, when one block's. */
  function applyLogs(logs: Log[], blockTime?: bigint): IndexedEvent[] {
    logs.sort((x, y) => Number(x.blockNumber! - y.blockNumber!) || x.logIndex! - y.logIndex!)
    const applied = logs.map((l) => {
      const { event, args } = decodeEvswapLog(l)
      const e: IndexedEvent = { event, args, blockNumber: Number(l.blockNumber), txHash: l.transactionHash!, logIndex: l.logIndex!, address: l.address }
      apply(e)
      events.emit('chain', e)
      return e
    })
    // Block times come with the logs from nodes that give them (anvil), or from the block the index read.
    const times = new Map(logs.map((l) => [Number(l.blockNumber), Number(l.blockTimestamp ?? blockTime ?? 0n)]))
    ledger.apply(applied, (n) => times.get(n))
    return applied
  }

  /** Undoes the newest indexed block; tells listeners which events are gone. */
  function undoNewest(): void {
    const b = recent.pop()!
    for (const undo of b.undos.reverse()) undo()
    for (const e of b.events.reverse()) events.emit('removed', e)
    reorgedBlocks += 1
    next = b.number
  }

  /** Forgets everything and indexes again from the deployment: for a reorganization deeper than `reorgDepth`. */
  function restart(): void {
    for (const m of [accounts, balances, batteries, byHolder, tags, histories, swaps]) m.clear()
    ledger.clear()
    supers.clear()
    supers.add(getAddress(deployment.superAccount))
    recent.length = 0
    next = first
  }

  async function sync(): Promise<void> {
    const head = await publicClient.getBlockNumber({ cacheTime: 0 })
    // Blocks deeper than `reorgDepth` under the head are final: fetched in chunks (catching up at start).
    const final = head - BigInt(reorgDepth)
    while (next <= final && !closed) {
      const to = next + BigInt(chunkSize) - 1n < final ? next + BigInt(chunkSize) - 1n : final
      applyLogs(await publicClient.getLogs({ address: addresses, fromBlock: next, toBlock: to }))
      recent.length = 0
      next = to + 1n
    }
    // The newest one by one, each checked against its parent: a reorganization shows as a parent that is
    // not the block indexed at that height. Then the indexed block is undone, and its parent checked next.
    let undone = 0
    let forkAt = next
    while (next <= head && !closed) {
      // Gone when a reorganization made the chain shorter than it was a moment ago: the next poll goes on.
      const block = await publicClient.getBlock({ blockNumber: next }).catch((e: unknown) => {
        if (e instanceof BlockNotFoundError) return undefined
        throw e
      })
      if (block === undefined) break
      const parent = recent.at(-1)
      // `recent` always ends at next - 1: blocks are pushed in order, and an undo steps `next` back with them.
      if (parent !== undefined && parent.hash !== block.parentHash) {
        undoNewest()
        undone += 1
        forkAt = next
        if (recent.length === 0) {
          log(`index: a chain reorganization replaced more than the last ${reorgDepth} blocks; indexing again from block ${first}`)
          restart()
          return sync()
        }
        continue
      }
      if (undone > 0) {
        log(`index: a chain reorganization replaced ${undone} block(s) from ${forkAt}; their events were undone, the new blocks are indexed`)
        undone = 0
      }
      // By the block's hash, so the logs are that block's even if another replaces it meanwhile.
      const logs = await publicClient.getLogs({ address: addresses, blockHash: block.hash! })
      const undos: (() => void)[] = []
      journal.record(undos)
      try {
        recent.push({ number: next, hash: block.hash!, events: applyLogs(logs, block.timestamp), undos })
      } finally {
        journal.stop()
      }
      if (recent.length > reorgDepth) recent.shift()
      next += 1n
    }
    if (Number(next - 1n) > indexedHead) {
      indexedHead = Number(next - 1n)
      events.emit('head', indexedHead)
    }
  }

  const ready = sync()
  // Followed by polling: a station's node is reached over HTTP JSON-RPC, which has no subscriptions.
  const loop = () => {
    if (closed) return
    timer = setTimeout(() => {
      sync()
        .catch((e) => log(`index: cannot follow the chain: ${e instanceof Error ? e.message : String(e)}`))
        .finally(loop)
    }, pollIntervalMs)
  }
  ready.then(loop, () => {})

  return {
    ready,
    events,
    head: () => indexedHead,
    reorgedBlocks: () => reorgedBlocks,
    accounts: () => [...accounts.values()],
    account: (address) => accounts.get(key(address)),
    superAccounts: () => [...supers],
    balanceOf: (address) => balances.get(key(address)) ?? 0n,
    battery: (id) => batteries.get(id),
    batteryIds: (holder) => [...(holder === undefined ? batteries.keys() : (byHolder.get(holder) ?? []))].sort((x, y) => x - y),
    registration: (tag) => tags.get(key(tag)),
    history: (id) => [...(histories.get(id) ?? [])],
    swap: (id) => swaps.get(id),
    ledger,
    swaps(filter = {}) {
      return [...swaps.values()].filter(
        (s) => (filter.unit === undefined || s.evUnit === filter.unit || s.stationUnit === filter.unit) && (filter.status === undefined || s.status === filter.status),
      )
    },
    close() {
      closed = true
      clearTimeout(timer)
      events.removeAllListeners()
    },
  }
}
