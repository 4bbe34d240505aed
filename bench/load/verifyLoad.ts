import { decodeFunctionResult, encodeFunctionData, type Hex } from 'viem'
import { batteryInterfaceAbi } from '../../src/sdk/abi/batteryInterface.js'
import { batteryProcessAbi } from '../../src/sdk/abi/batteryProcess.js'
import { evswapForwarderAbi } from '../../src/sdk/abi/evswapForwarder.js'
import type { Deployment } from '../../src/sdk/deployment.js'
import type { LoadModel, OpRecord } from './loadModel.js'
import { rpcBatch } from './rpcBatch.js'

/** Per mode: operations the devices counted against what the chain shows. */
export type ModeCheck = {
  accountsChecked: number
  /** Operations sent (accepted by the relay / by the node). */
  sent: number
  confirmed: number
  /** Ran on chain and reverted. */
  reverted: number
  /** Refused before running (nothing changed on chain). */
  refused: number
  /** The device could not tell whether it ran. */
  unknown: number
  /** Accounts whose chain nonce is below what the devices saw run (operations lost). */
  lost: number
  /** Accounts whose chain nonce is above it (operations that ran more than the devices know). */
  extra: number
}

export type LoadCheck = {
  relay: ModeCheck
  direct: ModeCheck
  batteries: { checked: number; dischargeCountMismatches: number; chargeCountMismatches: number; lostOps: number; duplicatedOps: number; ownerMismatches: number }
  /** Swap ids a device read from its request's receipt that the final chain gives to another EV's request (a receipt from a block later replaced). */
  swapIdsMovedByReorg: { relay: number; direct: number; checked: number }
  /** lost + duplicated over both modes, by nonces and battery counters: must be 0. */
  lostOrDuplicated: number
}

/**
 * Checks the run against the chain: per device, the forwarder nonce (relay mode) and the account nonce
 * (direct mode) must equal the operations the device saw run; per battery, the charge and discharge
 * counters must equal the initial reading plus the operations confirmed on it; each EV must own and hold
 * the battery it ended with.
 *
 * @example
 * const check = await verifyLoad({ url, deployment, model, records, bootstrapNonces })
 */
export async function verifyLoad(o: {
  url: string
  deployment: Deployment
  model: LoadModel
  records: readonly OpRecord[]
  bootstrapNonces: Map<string, bigint>
}): Promise<LoadCheck> {
  const d = o.deployment
  const devices = [...o.model.evs.map((e) => ({ name: e.name, account: e.account })), ...o.model.stations.map((s) => ({ name: s.name, account: s.account }))]
  const fwd = await rpcBatch<Hex>(
    o.url,
    devices.map((x) => ['eth_call', [{ to: d.forwarder, data: encodeFunctionData({ abi: evswapForwarderAbi, functionName: 'nonces', args: [x.account.key.address] }) }, 'latest']] as const),
  )
  const txCounts = await rpcBatch<Hex>(o.url, devices.map((x) => ['eth_getTransactionCount', [x.account.key.address, 'latest']] as const))

  const modeCheck = (mode: 'relay' | 'direct'): ModeCheck => {
    const recs = o.records.filter((r) => r.mode === mode)
    const executedBy = new Map<string, number>()
    for (const r of recs) if (r.executed) executedBy.set(r.device, (executedBy.get(r.device) ?? 0) + 1)
    let lost = 0
    let extra = 0
    devices.forEach((x, i) => {
      const onChain = mode === 'relay' ? BigInt(fwd[i]!) : BigInt(txCounts[i]!)
      const base = mode === 'relay' ? (o.bootstrapNonces.get(x.account.key.address) ?? 0n) : 0n
      const expected = base + BigInt(executedBy.get(x.name) ?? 0)
      if (onChain < expected) lost += Number(expected - onChain)
      if (onChain > expected) extra += Number(onChain - expected)
    })
    return {
      accountsChecked: devices.length,
      sent: recs.filter((r) => r.executed || r.unknown).length,
      confirmed: recs.filter((r) => r.ok).length,
      reverted: recs.filter((r) => r.executed && !r.ok).length,
      refused: recs.filter((r) => !r.executed && !r.unknown).length,
      unknown: recs.filter((r) => r.unknown).length,
      lost,
      extra,
    }
  }

  const batteries = [...o.model.batteries.values()]
  const views = await rpcBatch<Hex>(
    o.url,
    batteries.map((b) => ['eth_call', [{ to: d.batteryProcess, data: encodeFunctionData({ abi: batteryProcessAbi, functionName: 'getBattery', args: [b.id] }) }, 'latest']] as const),
  )
  let dischargeCountMismatches = 0
  let chargeCountMismatches = 0
  let lostOps = 0
  let duplicatedOps = 0
  const chainOf = new Map<number, { owner: string; holder: number }>()
  batteries.forEach((b, i) => {
    const [, dyn] = decodeFunctionResult({ abi: batteryProcessAbi, functionName: 'getBattery', data: views[i]! })
    chainOf.set(b.id, { owner: dyn.owner.toLowerCase(), holder: dyn.holder })
    for (const [chain, expected, bump] of [
      [dyn.dischargingCount, b.discharges, () => dischargeCountMismatches++],
      [dyn.chargingCount, b.charges, () => chargeCountMismatches++],
    ] as const) {
      if (chain !== expected) {
        bump()
        if (chain < expected) lostOps += expected - chain
        else duplicatedOps += chain - expected
      }
    }
  })
  let ownerMismatches = 0
  for (const ev of o.model.evs) {
    const c = chainOf.get(ev.battery.id)
    if (!c || c.owner !== ev.account.key.address.toLowerCase()) ownerMismatches++
  }
  // The swap id each device got from its request's receipt, against the final chain.
  const owners = new Map(o.model.evs.map((e) => [e.name, e.account.key.address.toLowerCase()]))
  const swaps = o.records.filter((r) => r.kind === 'requestSwap' && r.ok && r.swapId !== undefined)
  const swapViews = await rpcBatch<Hex>(
    o.url,
    swaps.map((r) => ['eth_call', [{ to: d.batteryInterface, data: encodeFunctionData({ abi: batteryInterfaceAbi, functionName: 'getSwap', args: [r.swapId!] }) }, 'latest']] as const),
  )
  const swapIdsMovedByReorg = { relay: 0, direct: 0, checked: swaps.length }
  swaps.forEach((r, i) => {
    const view = decodeFunctionResult({ abi: batteryInterfaceAbi, functionName: 'getSwap', data: swapViews[i]! })
    if (view.evOwner.toLowerCase() !== owners.get(r.device)) swapIdsMovedByReorg[r.mode]++
  })
  const relay = modeCheck('relay')
  const direct = modeCheck('direct')
  return {
    relay,
    direct,
    batteries: { checked: batteries.length, dischargeCountMismatches, chargeCountMismatches, lostOps, duplicatedOps, ownerMismatches },
    swapIdsMovedByReorg,
    lostOrDuplicated: relay.lost + relay.extra + direct.lost + direct.extra + lostOps + duplicatedOps + relay.unknown + direct.unknown,
  }
}
