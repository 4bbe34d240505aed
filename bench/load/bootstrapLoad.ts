import { type PublicClient, parseEther } from 'viem'
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts'
import type { SignerPool } from './createSignerPool.js'
import { demoBattery } from '../../src/rich/demoBatteries.js'
import { grantECoinCall } from '../../src/sdk/calls/grantECoinCall.js'
import { registerBatteryCall } from '../../src/sdk/calls/registerBatteryCall.js'
import { registerEVOwnerCall } from '../../src/sdk/calls/registerEVOwnerCall.js'
import { registerStationOperatorCall } from '../../src/sdk/calls/registerStationOperatorCall.js'
import { setEnergyPriceCall } from '../../src/sdk/calls/setEnergyPriceCall.js'
import { setFeeCall } from '../../src/sdk/calls/setFeeCall.js'
import type { EvswapCall } from '../../src/sdk/calls/EvswapCall.js'
import type { Deployment } from '../../src/sdk/deployment.js'
import { signForwardRequest } from '../../src/sdk/forwarder/signForwardRequest.js'
import type { SignedForwardRequest } from '../../src/sdk/forwarder/forwardRequestTypes.js'
import type { PrivateKeyAccount } from 'viem/accounts'
import { executeBatches, sendDirect, type Wallet } from '../lib/chainTx.js'
import type { BatteryState, LoadModel } from './loadModel.js'

export type BootstrapParameters = {
  wallet: Wallet
  client: PublicClient
  deployment: Deployment
  /** The station operators' accounts (their keys are the stations' swap interfaces' keystores). */
  operators: PrivateKeyAccount[]
  evs: number
  /** Where the EVs sign during the run (the bootstrap itself signs here). */
  signer: SignerPool
  batteriesPerStation: number
  log: (line: string) => void
}

/** How many forward requests each account signed during the bootstrap (its forwarder nonce after it). */
export type BootstrapResult = { model: LoadModel; bootstrapForwarderNonces: Map<string, bigint>; seconds: number }

/**
 * Prepares the load: M EV keys, and the K station operators' keys given; the super account (the deployer) registers
 * them all and grants E-coin, each EV registers one battery and each station `batteriesPerStation`. Every
 * step is signed forward requests run through the forwarder's `executeBatch`, 100 per transaction
 * (registration of 1000 accounts is itself batched). Every device is funded with Ether for the paper's way.
 *
 * @example
 * const { model } = await bootstrapLoad({ wallet, client, deployment, operators, evs: 1000, batteriesPerStation: 40, log })
 */
export async function bootstrapLoad(p: BootstrapParameters): Promise<BootstrapResult> {
  const t0 = performance.now()
  const d = p.deployment
  const superAccount = (p.wallet.account as PrivateKeyAccount)
  const deadline = Math.floor(Date.now() / 1000) + 7200
  const stations = p.operators.length
  const operators = p.operators
  const evKeys = Array.from({ length: p.evs }, () => generatePrivateKey())
  const evs = evKeys.map((k) => privateKeyToAccount(k))
  const nonces = new Map<string, bigint>()
  const sign = async (account: PrivateKeyAccount, calls: EvswapCall[]): Promise<SignedForwardRequest[]> => {
    const start = nonces.get(account.address) ?? 0n
    nonces.set(account.address, start + BigInt(calls.length))
    const out: SignedForwardRequest[] = []
    for (const [i, call] of calls.entries()) out.push(await signForwardRequest({ account, deployment: d, call, nonce: start + BigInt(i), deadline }))
    return out
  }

  const registrations = [
    ...operators.map((a, i) => registerStationOperatorCall(d, { account: a.address, stationId: i + 1 })),
    ...evs.map((a, i) => registerEVOwnerCall(d, { account: a.address, evId: i + 1 })),
  ]
  await executeBatches(p.wallet, p.client, d, await sign(superAccount, registrations))
  p.log(`bootstrap: ${registrations.length} accounts registered by the super account in batches of 100`)
  const grants = [
    ...[...operators, ...evs].map((a) => grantECoinCall(d, { to: a.address, amount: 10n ** 12n })),
    setEnergyPriceCall(d, { pricePerKWh: 30n }),
    setFeeCall(d, { operation: 'Swap', fee: 100n }),
  ]
  await executeBatches(p.wallet, p.client, d, await sign(superAccount, grants))

  // Batteries: one per EV, batteriesPerStation per station, each registered by its owner's signature.
  const evBattery = demoBattery('EV', { kWh: 60, socPercent: 100, price: 6000, year: 2025, month: 6, cycles: 20 })
  const stationBattery = demoBattery('ST', { kWh: 60, socPercent: 90, price: 6500, year: 2026, month: 1, cycles: 10 })
  const reading = (b: typeof evBattery) => ({
    energyWh: b.dynamicInfo.energyWh,
    socPermille: b.dynamicInfo.socPermille,
    chargingCount: b.dynamicInfo.chargingCount,
    dischargingCount: b.dynamicInfo.dischargingCount,
    chargingTotalTime: b.dynamicInfo.chargingTotalTime,
    dischargingTotalTime: b.dynamicInfo.dischargingTotalTime,
  })
  let tag = 0
  const registerFor = (b: typeof evBattery) => registerBatteryCall(d, { staticInfo: b.staticInfo, reading: reading(b), tag: `0x${(++tag).toString(16).padStart(64, '0')}` })
  const batteryRequests: SignedForwardRequest[] = []
  for (const a of evs) batteryRequests.push(...(await sign(a, [registerFor(evBattery)])))
  for (const a of operators) batteryRequests.push(...(await sign(a, Array.from({ length: p.batteriesPerStation }, () => registerFor(stationBattery)))))
  const executed = await executeBatches(p.wallet, p.client, d, batteryRequests)
  const ids = executed.map((x) => Number(x.events.find((e) => e.event === 'BatteryRegistered')?.args.batteryId))
  p.log(`bootstrap: ${ids.length} batteries registered (one per EV, ${p.batteriesPerStation} per station)`)

  await sendDirect(
    p.wallet,
    p.client,
    [...operators, ...evs].map((a) => ({ to: a.address, value: parseEther('10'), label: `fund ${a.address}` })),
  )
  p.log(`bootstrap: ${operators.length + evs.length} devices funded with Ether for the paper's way`)

  const batteries = new Map<number, BatteryState>()
  const state = (id: number, b: typeof evBattery): BatteryState => {
    const s = { id, energyWh: b.dynamicInfo.energyWh, socPermille: b.dynamicInfo.socPermille, discharges: b.dynamicInfo.dischargingCount, charges: b.dynamicInfo.chargingCount }
    batteries.set(id, s)
    return s
  }
  const model: LoadModel = {
    evs: evs.map((local, i) => ({
      name: `ev-${i + 1}`,
      account: { key: p.signer.account(evKeys[i]!), station: (i % stations) + 1, fwdNonce: nonces.get(local.address)!, txNonce: 0 },
      battery: state(ids[i]!, evBattery),
    })),
    stations: operators.map((key, i) => ({
      index: i + 1,
      name: `station-${i + 1}`,
      account: { key, station: i + 1, fwdNonce: nonces.get(key.address)!, txNonce: 0 },
      available: ids.slice(p.evs + i * p.batteriesPerStation, p.evs + (i + 1) * p.batteriesPerStation).map((id) => state(id, stationBattery)),
      pending: [],
      swapTokens: 1,
    })),
    batteries,
  }
  return { model, bootstrapForwarderNonces: new Map(nonces), seconds: (performance.now() - t0) / 1000 }
}
