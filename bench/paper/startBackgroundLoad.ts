import type { PublicClient } from 'viem'
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts'
import { demoBattery } from '../../src/rich/demoBatteries.js'
import { dischargeCall } from '../../src/sdk/calls/dischargeCall.js'
import { registerBatteryCall } from '../../src/sdk/calls/registerBatteryCall.js'
import { registerEVOwnerCall } from '../../src/sdk/calls/registerEVOwnerCall.js'
import type { Deployment } from '../../src/sdk/deployment.js'
import { getForwarderNonce } from '../../src/sdk/reads/getForwarderNonce.js'
import { signForwardRequest } from '../../src/sdk/forwarder/signForwardRequest.js'
import { executeBatches, type Wallet } from '../lib/chainTx.js'
import { createHttpClient } from '../load/createHttpClient.js'
import { relaySender, type SimAccount } from '../load/senders.js'

export type BackgroundLoad = { stop(): Promise<{ seconds: number; confirmed: number; failed: number; opsPerSecond: number }> }

/**
 * Other EVs on the network while the scenario runs: `devices` simulated EVs (registered by the super
 * account, one battery each) discharging through `stationUrl`'s relay, paced to `opsPerSecond` in all.
 * Their blocks and events reach every station, so a device that is a node downloads them, and a thin
 * client sees what its station streams.
 *
 * @example
 * const bg = await startBackgroundLoad({ wallet, client, deployment, stationUrl, opsPerSecond: 10, firstEvId: 100 })
 * ...; const { opsPerSecond } = await bg.stop()
 */
export async function startBackgroundLoad(o: {
  wallet: Wallet
  client: PublicClient
  deployment: Deployment
  stationUrl: string
  opsPerSecond: number
  firstEvId: number
}): Promise<BackgroundLoad> {
  const d = o.deployment
  // Enough devices for the rate at a few seconds per relayed operation, each paced.
  const devices = Math.max(4, Math.ceil(o.opsPerSecond * 6))
  const keys = Array.from({ length: devices }, () => privateKeyAccount())
  const superAccount = o.wallet.account as ReturnType<typeof privateKeyToAccount>
  const deadline = Math.floor(Date.now() / 1000) + 7200
  const superNonce = await getForwarderNonce(o.client, d, superAccount.address)
  const registrations = await Promise.all(
    keys.map((k, i) => signForwardRequest({ account: superAccount, deployment: d, call: registerEVOwnerCall(d, { account: k.address, evId: o.firstEvId + i }), nonce: superNonce + BigInt(i), deadline })),
  )
  await executeBatches(o.wallet, o.client, d, registrations)
  const b = demoBattery('BG', { kWh: 60, socPercent: 100, price: 6000, year: 2025, month: 6, cycles: 20 })
  const reading = { energyWh: b.dynamicInfo.energyWh, socPermille: b.dynamicInfo.socPermille, chargingCount: b.dynamicInfo.chargingCount, dischargingCount: b.dynamicInfo.dischargingCount, chargingTotalTime: b.dynamicInfo.chargingTotalTime, dischargingTotalTime: b.dynamicInfo.dischargingTotalTime }
  const batteries = await Promise.all(
    keys.map((k, i) => signForwardRequest({ account: k, deployment: d, call: registerBatteryCall(d, { staticInfo: b.staticInfo, reading, tag: `0x${(0xb0000 + i).toString(16).padStart(64, '0')}` }), nonce: 0n, deadline })),
  )
  const executed = await executeBatches(o.wallet, o.client, d, batteries)
  const ids = executed.map((x) => Number(x.events.find((e) => e.event === 'BatteryRegistered')?.args.batteryId))

  const http = createHttpClient()
  const send = relaySender({ http, stations: [o.stationUrl], deployment: d })
  let running = true
  let confirmed = 0
  let failed = 0
  const t0 = performance.now()
  const periodMs = (devices / o.opsPerSecond) * 1000
  const loops = keys.map(async (key, i) => {
    const account: SimAccount = { key, station: 1, fwdNonce: 1n, txNonce: 0 }
    let energyWh = b.dynamicInfo.energyWh
    await new Promise((r) => setTimeout(r, Math.random() * periodMs))
    while (running) {
      const started = performance.now()
      energyWh = Math.max(0, energyWh - 10)
      // A connection the station reset (it does under a load of 6-9 on this 2-core machine) fails that one
      // operation, as a refusal does; thrown, it ended the whole benchmark after minutes of runs.
      const r = await send(account, dischargeCall(d, { batteryId: ids[i]!, energyWh, socPermille: b.dynamicInfo.socPermille, duration: 60 })).catch(() => ({ ok: false }))
      if (r.ok) confirmed++
      else failed++
      const wait = periodMs - (performance.now() - started)
      if (wait > 0 && running) await new Promise((r2) => setTimeout(r2, wait))
    }
  })
  return {
    async stop() {
      running = false
      await Promise.all(loops)
      http.close()
      const seconds = (performance.now() - t0) / 1000
      return { seconds: Math.round(seconds), confirmed, failed, opsPerSecond: Math.round((confirmed / seconds) * 10) / 10 }
    },
  }
}

function privateKeyAccount() {
  return privateKeyToAccount(generatePrivateKey())
}
