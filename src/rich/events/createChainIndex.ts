import { EventEmitter } from 'node:events'
import { getAddress, keccak256, toHex, type Address, type Hash, type Hex, type PublicClient } from 'viem'
import type { Deployment } from '../../sdk/deployment.js'
import { batteryStatusNames, roleNames, swapStatusNames } from '../../sdk/enums.js'
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
  /** `chain` (IndexedEvent) for each event and `head` (block number) for each new head. */
  events: EventEmitter
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
  const { publicClient, deployment, chunkSize = 2000, log = () => {} } = p
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
  let next = BigInt(Math.max(0, deployment.block - 5))
  let indexedHead = -1
  let closed = false
  let timer: NodeJS.Timeout | undefined

  const key = (a: string) => a.toLowerCase()
  const addToHolder = (holder: number, id: number) => {
    let set = byHolder.get(holder)
    if (!set) byHolder.set(holder, (set = new Set()))
    set.add(id)
  }
  const addHistory = (id: number, e: IndexedEvent) => {
    let h = histories.get(id)
    if (!h) histories.set(id, (h = []))
    h.push(e)
  }

  function apply(e: IndexedEvent): void {
    const a = e.args
    switch (e.event) {
      case 'AccountRegistered': {
        const address = getAddress(a.account as string)
        accounts.set(key(address), { address, role: roleNames[Number(a.role)] ?? 'None', unit: Number(a.unit) })
        break
      }
      case 'RoleGranted':
        if (a.role === SUPER_ROLE) supers.add(getAddress(a.account as string))
        break
      case 'RoleRevoked':
        if (a.role === SUPER_ROLE) supers.delete(getAddress(a.account as string))
        break
      case 'Transfer': {
        // Only E-coin emits Transfer among these contracts.
        const value = a.value as bigint
        if (a.from !== ZERO) balances.set(key(a.from as string), (balances.get(key(a.from as string)) ?? 0n) - value)
        if (a.to !== ZERO) balances.set(key(a.to as string), (balances.get(key(a.to as string)) ?? 0n) + value)
        break
      }
      case 'BatteryRegistered': {
        const id = Number(a.batteryId)
        const b: IndexedBattery = { id, owner: getAddress(a.owner as string), holder: Number(a.holder), status: 'InService' }
        batteries.set(id, b)
        addToHolder(b.holder, id)
        tags.set(key(a.tag as string), id)
        break
      }
      case 'BatteryTransferred': {
        const b = batteries.get(Number(a.batteryId))
        if (b) {
          byHolder.get(b.holder)?.delete(b.id)
          b.owner = getAddress(a.to as string)
          b.holder = Number(a.holder)
          addToHolder(b.holder, b.id)
        }
        break
      }
      case 'BatteryStatusChanged': {
        const b = batteries.get(Number(a.batteryId))
        if (b) b.status = batteryStatusNames[Number(a.status)] ?? b.status
        break
      }
      case 'SwapRequested': {
        const evOwner = getAddress(a.evOwner as string)
        swaps.set(Number(a.swapId), {
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
        if (s) s.status = e.event === 'SwapApproved' ? 'Approved' : e.event === 'SwapDenied' ? 'Denied' : 'Cancelled'
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

  async function sync(): Promise<void> {
    const head = await publicClient.getBlockNumber({ cacheTime: 0 })
    while (next <= head && !closed) {
      const to = next + BigInt(chunkSize) - 1n < head ? next + BigInt(chunkSize) - 1n : head
      const logs = await publicClient.getLogs({ address: addresses, fromBlock: next, toBlock: to })
      logs.sort((x, y) => Number(x.blockNumber! - y.blockNumber!) || x.logIndex! - y.logIndex!)
      for (const l of logs) {
        const { event, args } = decodeEvswapLog(l)
        const e: IndexedEvent = { event, args, blockNumber: Number(l.blockNumber), txHash: l.transactionHash!, logIndex: l.logIndex!, address: l.address }
        apply(e)
        events.emit('chain', e)
      }
      next = to + 1n
    }
    if (Number(head) > indexedHead) {
      indexedHead = Number(head)
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
    close() {
      closed = true
      clearTimeout(timer)
      events.removeAllListeners()
    },
  }
}
