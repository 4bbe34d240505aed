import { createWalletClient, http, parseEventLogs, type Address, type Hash, type Hex, type LocalAccount, type TransactionReceipt } from 'viem'
import { batteryInterfaceAbi } from '../../src/sdk/abi/batteryInterface.js'
import { approveSwapCall } from '../../src/sdk/calls/approveSwapCall.js'
import { cancelSwapCall } from '../../src/sdk/calls/cancelSwapCall.js'
import { chargeCall } from '../../src/sdk/calls/chargeCall.js'
import { denySwapCall } from '../../src/sdk/calls/denySwapCall.js'
import { dischargeCall } from '../../src/sdk/calls/dischargeCall.js'
import type { EvswapCall } from '../../src/sdk/calls/EvswapCall.js'
import { grantECoinCall } from '../../src/sdk/calls/grantECoinCall.js'
import { recycleCall } from '../../src/sdk/calls/recycleCall.js'
import { requestSwapCall } from '../../src/sdk/calls/requestSwapCall.js'
import { setEnergyPriceCall } from '../../src/sdk/calls/setEnergyPriceCall.js'
import { setFeeCall } from '../../src/sdk/calls/setFeeCall.js'
import { getSwap } from '../../src/sdk/reads/getSwap.js'
import { evUnit, stationUnit } from '../../src/sdk/units.js'
import type { TestChain, Wallet } from './chain.js'

/** A registered device that sends its own transactions (it holds Ether), with its unit. */
export type Device = { account: LocalAccount; wallet: Wallet; unit: number; role: 'EVOwner' | 'StationOperator' }

export type SwapOutcome = 'Approved' | 'Denied' | 'Cancelled' | 'Pending'

/** A swap as the test made it: what the index must answer for it. */
export type SwapRecord = {
  id: number
  evOwner: Address
  evUnit: number
  stationUnit: number
  evBatteryId: number
  stationBatteryId: number
  /** Cents, fixed at request time: an approval or denial names it. */
  difference: bigint
  status: SwapOutcome
  /** Unix seconds of the request's block. */
  requestedAt: number
  /** Which of the history's days (0, 1, 2) the request was made on. */
  day: number
  requestTx: Hash
  requestBlock: number
  decisionTx?: Hash
}

export type SwapHistory = {
  evs: Device[]
  stations: Device[]
  /** Every battery id, with who registered it. */
  batteries: { id: number; registeredBy: Device }[]
  swaps: SwapRecord[]
  /** 00:00 UTC of each of the three days swaps were made on (unix seconds), oldest first. */
  dayStarts: [number, number, number]
  /** The block of the history's last transaction. */
  lastBlock: number
}

const rpcOf = (chain: TestChain) => <T>(method: string, params: unknown[] = []) => chain.publicClient.request({ method, params } as never) as Promise<T>

/** Devices registered by the super account, each given Ether so it sends its own transactions. */
export async function registerSendingDevices(chain: TestChain, specs: { role: Device['role']; unitId: number }[]): Promise<Device[]> {
  const rpc = rpcOf(chain)
  const accounts = await chain.registerDevices(specs)
  return Promise.all(
    accounts.map(async (account, i) => {
      await rpc('anvil_setBalance', [account.address, '0x3635c9adc5dea00000']) // 1000 Ether
      const wallet: Wallet = createWalletClient({ account, transport: http(chain.url), pollingInterval: 50 })
      const spec = specs[i]!
      return { account, wallet, role: spec.role, unit: spec.role === 'EVOwner' ? evUnit(spec.unitId) : stationUnit(spec.unitId) }
    }),
  )
}

/**
 * A battery for each of `owners` (a device may come more than once), relayed through the forwarder: one
 * device's one after the other (each signs at its forwarder nonce), different devices' at once. Answers them
 * in the order of `owners`.
 */
export async function registerBatteries(chain: TestChain, owners: Device[]): Promise<{ id: number; device: Device }[]> {
  const ids = new Map<number, number>()
  await Promise.all(
    [...new Set(owners)].map(async (device) => {
      for (const [k, owner] of owners.entries()) if (owner === device) ids.set(k, await chain.registerBattery(device.account, `B${k}`))
    }),
  )
  return owners.map((device, k) => ({ id: ids.get(k)!, device }))
}

/**
 * A history with everything the index's queries answer about, on three UTC days: three EV owners and two
 * stations registered and granted E-coin, fees and an energy price set, eight batteries registered (by EVs
 * and stations, relayed through the forwarder), charges and discharges, seven swaps (three approved, two
 * denied, one cancelled, one left pending), a recycled battery. Day 0 is tomorrow (UTC) of the chain's
 * clock, days 1 and 2 follow: anvil's `evm_setNextBlockTimestamp` moves the chain's clock forward.
 *
 * Swaps, by day:
 * - day 0: 1 EV1↔S1a approved by station 1; 2 EV2↔S2a denied by station 2; 3 EV3↔S1b cancelled by EV 3
 * - day 1: 4 EV2↔S1b approved by station 1; 5 EV3↔S2a denied by station 2; station 1 recycles EV1's old battery
 * - day 2: 6 (EV1 with S1a)↔S2b approved by station 2; 7 EV3↔S1c left pending
 *
 * @example
 * const h = await buildSwapHistory(chain)
 * h.swaps.filter((s) => s.day === 1) // swaps 4 and 5
 */
export async function buildSwapHistory(chain: TestChain): Promise<SwapHistory> {
  const rpc = rpcOf(chain)
  const d = chain.deployment
  const [ev1, ev2, ev3, st1, st2] = (await registerSendingDevices(chain, [
    { role: 'EVOwner', unitId: 1 },
    { role: 'EVOwner', unitId: 2 },
    { role: 'EVOwner', unitId: 3 },
    { role: 'StationOperator', unitId: 1 },
    { role: 'StationOperator', unitId: 2 },
  ])) as [Device, Device, Device, Device, Device]
  await chain.send(chain.superWallet, [
    ...[ev1, ev2, ev3].map((e) => grantECoinCall(d, { to: e.account.address, amount: 5_000_00n })),
    ...[st1, st2].map((s) => grantECoinCall(d, { to: s.account.address, amount: 2_000_00n })),
    setFeeCall(d, { operation: 'Swap', fee: 2_10n }),
    setFeeCall(d, { operation: 'Discharge', fee: 50n }),
    setFeeCall(d, { operation: 'Charge', fee: 30n }),
    setEnergyPriceCall(d, { pricePerKWh: 30n }),
  ])

  // Relayed (a forwarder's ExecutedForwardRequest in the logs too), while the chain's clock is the wall clock's.
  const registered = await registerBatteries(chain, [ev1, ev2, ev3, st1, st1, st1, st2, st2])
  const batteries = registered.map(({ id, device }) => ({ id, registeredBy: device }))
  const [b1, b2, b3, s1a, s1b, s1c, s2a, s2b] = batteries.map((b) => b.id) as [number, number, number, number, number, number, number, number]

  // Stations charge, EV owners discharge (so the prices differ and swaps move E-coin both ways).
  await Promise.all([
    chain.send(st1.wallet, [chargeCall(d, { batteryId: s1a, energyWh: 60_000, socPermille: 1000, duration: 1800 }), chargeCall(d, { batteryId: s1b, energyWh: 60_000, socPermille: 1000, duration: 900 })]),
    chain.send(st2.wallet, [chargeCall(d, { batteryId: s2a, energyWh: 60_000, socPermille: 1000, duration: 600 })]),
    chain.send(ev1.wallet, [dischargeCall(d, { batteryId: b1, energyWh: 20_000, socPermille: 330, duration: 3600 })]),
    chain.send(ev2.wallet, [dischargeCall(d, { batteryId: b2, energyWh: 30_000, socPermille: 500, duration: 3600 })]),
    chain.send(ev3.wallet, [dischargeCall(d, { batteryId: b3, energyWh: 40_000, socPermille: 660, duration: 1200 })]),
  ])

  const latest = await chain.publicClient.getBlock({ blockTag: 'latest' })
  const day0 = Math.floor(Number(latest.timestamp) / 86_400) * 86_400 + 86_400
  const dayStarts: [number, number, number] = [day0, day0 + 86_400, day0 + 2 * 86_400]
  const swaps: SwapRecord[] = []
  const timeOf = async (r: TransactionReceipt) => Number((await chain.publicClient.getBlock({ blockNumber: r.blockNumber })).timestamp)
  let lastBlock = 0
  const sent = (receipts: TransactionReceipt[]) => {
    for (const r of receipts) lastBlock = Math.max(lastBlock, Number(r.blockNumber))
    return receipts
  }

  const request = async (day: number, ev: Device, evBatteryId: number, stationBatteryId: number) => {
    const [r] = sent(await chain.send(ev.wallet, [requestSwapCall(d, { evBatteryId, stationBatteryId, maxCost: 100_000_00n })]))
    const [event] = parseEventLogs({ abi: batteryInterfaceAbi, logs: r!.logs, eventName: 'SwapRequested' })
    if (!event) throw new Error('requestSwap emitted no SwapRequested')
    const requestedAt = await timeOf(r!)
    if (requestedAt < dayStarts[day]! || requestedAt >= dayStarts[day]! + 86_400) throw new Error(`swap ${event.args.swapId} was requested at ${requestedAt}, not on day ${day}`)
    const swap: SwapRecord = {
      id: event.args.swapId,
      evOwner: ev.account.address,
      evUnit: ev.unit,
      stationUnit: event.args.stationUnit,
      evBatteryId,
      stationBatteryId,
      difference: event.args.difference,
      status: 'Pending',
      requestedAt,
      day,
      requestTx: r!.transactionHash,
      requestBlock: Number(r!.blockNumber),
    }
    swaps.push(swap)
    return swap
  }
  const decide = async (swap: SwapRecord, by: Device, how: Exclude<SwapOutcome, 'Pending'>) => {
    const terms = { swapId: swap.id, ...swap }
    const call = how === 'Approved' ? approveSwapCall(d, terms) : how === 'Denied' ? denySwapCall(d, terms) : cancelSwapCall(d, { swapId: swap.id })
    const [r] = sent(await chain.send(by.wallet, [call]))
    swap.status = how
    swap.decisionTx = r!.transactionHash
  }
  /** The chain's clock to 01:00 UTC of `day`: the next block is stamped then, and the blocks after it follow. */
  const toDay = (day: number) => rpc('evm_setNextBlockTimestamp', [dayStarts[day]! + 3600])

  await toDay(0)
  await decide(await request(0, ev1, b1, s1a), st1, 'Approved')
  await decide(await request(0, ev2, b2, s2a), st2, 'Denied')
  await decide(await request(0, ev3, b3, s1b), ev3, 'Cancelled')

  await toDay(1)
  await decide(await request(1, ev2, b2, s1b), st1, 'Approved')
  await decide(await request(1, ev3, b3, s2a), st2, 'Denied')
  // EV 1's old battery is station 1's since swap 1: the station takes it out of service.
  sent(await chain.send(st1.wallet, [recycleCall(d, { batteryId: b1 })]))

  await toDay(2)
  await decide(await request(2, ev1, s1a, s2b), st2, 'Approved')
  sent(await chain.send(ev1.wallet, [dischargeCall(d, { batteryId: s2b, energyWh: 50_000, socPermille: 800, duration: 600 })]))
  await request(2, ev3, b3, s1c)

  return { evs: [ev1, ev2, ev3], stations: [st1, st2], batteries, swaps, dayStarts, lastBlock }
}

export type LongHistory = {
  evs: Device[]
  stations: Device[]
  batteryIds: number[]
  /** The last block of the history: the chain mines no more after it. */
  lastBlock: number
  /** Transactions sent, all of them successful. */
  transactions: number
  swaps: number
}

type Battery = { id: number; holder: Device; pending: boolean }

/**
 * A long history for a crash test: `blocks` blocks each holding about ten evswap transactions (every EV owner
 * discharges, every station charges, the super account grants, and a swap is requested in one block and
 * approved, denied or cancelled in the next), about 18 logs a block. Interval mining is stopped and each
 * block mined with `evm_mine` after its transactions, signed locally and sent raw, so that hundreds of
 * blocks take seconds. The chain mines nothing after it.
 *
 * @example
 * const h = await buildLongHistory(chain, { blocks: 400 })
 */
export async function buildLongHistory(chain: TestChain, o: { blocks: number }): Promise<LongHistory> {
  const rpc = rpcOf(chain)
  const d = chain.deployment
  const devices = await registerSendingDevices(chain, [
    { role: 'EVOwner', unitId: 1 },
    { role: 'EVOwner', unitId: 2 },
    { role: 'EVOwner', unitId: 3 },
    { role: 'EVOwner', unitId: 4 },
    { role: 'StationOperator', unitId: 1 },
    { role: 'StationOperator', unitId: 2 },
  ])
  const evs = devices.slice(0, 4)
  const stations = devices.slice(4)
  await chain.send(chain.superWallet, [
    ...devices.map((x) => grantECoinCall(d, { to: x.account.address, amount: 10_000_000_00n })),
    setFeeCall(d, { operation: 'Swap', fee: 2_10n }),
    setFeeCall(d, { operation: 'Discharge', fee: 5n }),
    setFeeCall(d, { operation: 'Charge', fee: 3n }),
    setEnergyPriceCall(d, { pricePerKWh: 30n }),
  ])
  const batteries: Battery[] = (await registerBatteries(chain, [...evs, ...stations.flatMap((st) => [st, st, st])])).map(({ id, device }) => ({ id, holder: device, pending: false }))

  await rpc('evm_setIntervalMining', [0])
  const nonces = new Map<string, number>()
  for (const a of [...devices.map((x) => x.account), chain.superAccount]) nonces.set(a.address, await chain.publicClient.getTransactionCount({ address: a.address, blockTag: 'pending' }))
  const chainId = d.chainId
  let transactions = 0
  let swapCount = 0
  let pending: { swapId: number; ev: Device; station: Device; evBattery: Battery; stationBattery: Battery } | undefined
  let lastBlock = 0

  for (let b = 0; b < o.blocks; b++) {
    const txs: { account: LocalAccount; call: EvswapCall }[] = []
    const busy = new Set<Battery>()
    if (pending) {
      // The swap requested in the block before is decided in this one, the three ways in turn.
      const p = pending
      const way = p.swapId % 3
      if (way === 0) txs.push({ account: p.ev.account, call: cancelSwapCall(d, { swapId: p.swapId }) })
      else {
        // The request was mined in the block before: its difference is on chain.
        const s = (await getSwap(chain.publicClient, d, p.swapId))!
        txs.push({ account: p.station.account, call: (way === 1 ? approveSwapCall : denySwapCall)(d, { swapId: p.swapId, ...s }) })
      }
      busy.add(p.evBattery).add(p.stationBattery)
      if (way === 1) [p.evBattery.holder, p.stationBattery.holder] = [p.station, p.ev]
      p.evBattery.pending = p.stationBattery.pending = false
      pending = undefined
    } else {
      const ev = evs[(b >> 1) % evs.length]!
      const station = stations[(b >> 2) % stations.length]!
      const evBattery = batteries.find((x) => x.holder === ev && !x.pending)
      const stationBattery = batteries.filter((x) => x.holder === station && !x.pending)[(b >> 3) % 2]
      if (evBattery && stationBattery) {
        txs.push({ account: ev.account, call: requestSwapCall(d, { evBatteryId: evBattery.id, stationBatteryId: stationBattery.id, maxCost: 1_000_000_00n }) })
        busy.add(evBattery).add(stationBattery)
        evBattery.pending = stationBattery.pending = true
        pending = { swapId: ++swapCount, ev, station, evBattery, stationBattery }
      }
    }
    for (const ev of evs) {
      const battery = batteries.find((x) => x.holder === ev && !busy.has(x) && !x.pending)
      if (battery) txs.push({ account: ev.account, call: dischargeCall(d, { batteryId: battery.id, energyWh: 0, socPermille: 0, duration: 60 }) })
    }
    for (const [i, st] of stations.entries()) {
      const own = batteries.filter((x) => x.holder === st && !busy.has(x) && !x.pending)
      const battery = own[(b + i) % Math.max(1, own.length)]
      if (battery) txs.push({ account: st.account, call: chargeCall(d, { batteryId: battery.id, energyWh: 60_000, socPermille: 1000, duration: 60 }) })
    }
    txs.push({ account: chain.superAccount, call: grantECoinCall(d, { to: devices[b % devices.length]!.account.address, amount: 1_00n }) })

    for (const { account, call } of txs) {
      const nonce = nonces.get(account.address)!
      nonces.set(account.address, nonce + 1)
      const raw = await account.signTransaction!({ chainId, type: 'eip1559', nonce, to: call.to, data: call.data, gas: call.gas + 60_000n, maxFeePerGas: 20_000_000_000n, maxPriorityFeePerGas: 1_000_000_000n })
      await rpc<Hash>('eth_sendRawTransaction', [raw])
    }
    await rpc('evm_mine')
    const block = await chain.publicClient.getBlock({ blockTag: 'latest' })
    const receipts = await rpc<{ status: Hex; transactionHash: Hash; logs: unknown[] }[]>('eth_getBlockReceipts', [`0x${block.number.toString(16)}`])
    if (receipts.length !== txs.length) throw new Error(`block ${block.number} holds ${receipts.length} of the ${txs.length} transactions sent`)
    const failed = receipts.find((r) => r.status !== '0x1')
    if (failed) throw new Error(`a transaction of block ${block.number} reverted: ${failed.transactionHash}`)
    transactions += txs.length
    lastBlock = Number(block.number)
  }
  return { evs, stations, batteryIds: batteries.map((x) => x.id), lastBlock, transactions, swaps: swapCount }
}
