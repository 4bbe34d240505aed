// The paper's 2nd implementation of the device app (its Fig. 8(b)): the device runs a non-mining geth that
// syncs from its station, and this app talks to that node's JSON-RPC directly, the way the paper's app used
// truffle: the device's own key in the app, its own Ether paying its own transactions, state read from the
// local node. It handles the same USB battery files as the thin client (src/thin/usb) and answers a small
// local API the benchmark drives, mirroring the thin client's docs/api.md section 2:
//   POST /init                         register the new batteries found on USB, write their ids back
//   POST /discharge {batteryId, energyWh, socPermille, duration}
//   POST /swaps {evBatteryId, stationBatteryId}
//   POST /check                        consistency check (alerts), repairs files behind the chain
// Run: node dist/bench/bench/paper/app2.js --rpc URL --port N --key-file F --slot DIR --deployment F
import { randomBytes } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import { parseArgs } from 'node:util'
import { createPublicClient, createWalletClient, defineChain, type Hex, http, parseEventLogs, type PublicClient } from 'viem'
import { privateKeyToAccount } from 'viem/accounts'
import { batteryInterfaceAbi } from '../../src/sdk/abi/batteryInterface.js'
import { batteryProcessAbi } from '../../src/sdk/abi/batteryProcess.js'
import type { EvswapCall } from '../../src/sdk/calls/EvswapCall.js'
import { dischargeCall } from '../../src/sdk/calls/dischargeCall.js'
import { registerBatteryCall } from '../../src/sdk/calls/registerBatteryCall.js'
import { requestSwapCall } from '../../src/sdk/calls/requestSwapCall.js'
import type { Deployment } from '../../src/sdk/deployment.js'
import { getAccount } from '../../src/sdk/reads/getAccount.js'
import { getBattery } from '../../src/sdk/reads/getBattery.js'
import { quoteSwap } from '../../src/sdk/reads/quoteSwap.js'
import { sendCall } from '../../src/sdk/sendCall.js'
import { checkBattery } from '../../src/thin/consistency/checkBattery.js'
import { readBatteryFile } from '../../src/thin/usb/readBatteryFile.js'
import { scanUsbSlots } from '../../src/thin/usb/scanUsbSlots.js'
import { writeBatteryFile } from '../../src/thin/usb/writeBatteryFile.js'

const { values } = parseArgs({
  options: { rpc: { type: 'string' }, port: { type: 'string' }, 'key-file': { type: 'string' }, slot: { type: 'string' }, deployment: { type: 'string' } },
})
const deployment = JSON.parse(readFileSync(values.deployment!, 'utf8')) as Deployment
const account = privateKeyToAccount(readFileSync(values['key-file']!, 'utf8').trim() as Hex)
const chain = defineChain({
  id: deployment.chainId,
  name: 'evswap Clique',
  nativeCurrency: { name: 'Ether', symbol: 'ETH', decimals: 18 },
  rpcUrls: { default: { http: [values.rpc!] } },
})
const transport = http(values.rpc!, { timeout: 30_000 })
const client = createPublicClient({ chain, transport, pollingInterval: 250 }) as PublicClient
const wallet = createWalletClient({ account, chain, transport })
const slot = values.slot!

/** Sends the call from the device's own account and waits for its receipt on the local node. */
async function transact(call: EvswapCall) {
  const t0 = performance.now()
  const hash = await sendCall(wallet, call)
  const receipt = await client.waitForTransactionReceipt({ hash, pollingInterval: 250, timeout: 120_000 })
  return { receipt, latencyMs: Math.round(performance.now() - t0), status: receipt.status === 'success' ? 'confirmed' : 'failed' }
}

/** Reads every battery file and compares it with the local node's chain; files behind the chain are repaired. */
async function check() {
  const me = await getAccount(client, deployment, account.address)
  const alerts: { kind: string; folder: string; message: string }[] = []
  const batteries: { folder: string; batteryId: number | null }[] = []
  for (const { folder, file } of scanUsbSlots([slot])) {
    const read = readBatteryFile(file)
    if (!read.ok) {
      alerts.push({ kind: 'invalid_file', folder, message: read.errors.map((e) => e.message).join('; ') })
      continue
    }
    batteries.push({ folder, batteryId: read.battery.batteryId })
    if (read.battery.batteryId === null) continue
    const chainView = await getBattery(client, deployment, read.battery.batteryId)
    // The paper's way keeps no record of what it synced: its file is a cache of the chain, rewritten whole.
    const result = checkBattery(read.battery, chainView, me.unit, { rewrite: true })
    for (const a of result.alerts) alerts.push({ kind: a.kind, folder, message: a.message })
    if (result.repair) writeBatteryFile(file, result.repair)
  }
  return { address: account.address, unit: me.unit, batteries, alerts }
}

/** Initialization (paper 3.3): registers each battery without an id and writes the id back into its file. */
async function init() {
  for (const { folder, file } of scanUsbSlots([slot])) {
    const read = readBatteryFile(file)
    if (!read.ok || read.battery.batteryId !== null) continue
    const b = read.battery
    const tag = `0x${randomBytes(32).toString('hex')}` as Hex
    const { receipt } = await transact(
      registerBatteryCall(deployment, {
        staticInfo: b.staticInfo,
        reading: {
          energyWh: b.dynamicInfo.energyWh,
          socPermille: b.dynamicInfo.socPermille,
          chargingCount: b.dynamicInfo.chargingCount,
          dischargingCount: b.dynamicInfo.dischargingCount,
          chargingTotalTime: b.dynamicInfo.chargingTotalTime,
          dischargingTotalTime: b.dynamicInfo.dischargingTotalTime,
        },
        tag,
      }),
    )
    const registered = parseEventLogs({ abi: batteryProcessAbi, logs: receipt.logs, eventName: 'BatteryRegistered' })[0]
    if (receipt.status !== 'success' || !registered) throw new Error(`registering ${folder} failed (${receipt.transactionHash})`)
    writeBatteryFile(file, { ...b, batteryId: Number(registered.args.batteryId), ownerAddress: account.address.toLowerCase() as Hex })
  }
  return check()
}

async function route(method: string, path: string, body: Record<string, number>): Promise<[number, unknown]> {
  if (method === 'GET' && path === '/health') return [200, { ok: true, head: Number(await client.getBlockNumber({ cacheTime: 0 })) }]
  if (method === 'POST' && path === '/init') return [200, await init()]
  if (method === 'POST' && path === '/check') return [200, await check()]
  if (method === 'POST' && path === '/discharge') {
    const r = await transact(dischargeCall(deployment, { batteryId: body.batteryId!, energyWh: body.energyWh!, socPermille: body.socPermille!, duration: body.duration! }))
    await check()
    return [r.status === 'confirmed' ? 200 : 422, { status: r.status, latencyMs: r.latencyMs, txHash: r.receipt.transactionHash, blockNumber: Number(r.receipt.blockNumber) }]
  }
  if (method === 'POST' && path === '/swaps') {
    const { cost } = await quoteSwap(client, deployment, body.evBatteryId!, body.stationBatteryId!)
    const r = await transact(requestSwapCall(deployment, { evBatteryId: body.evBatteryId!, stationBatteryId: body.stationBatteryId!, maxCost: cost }))
    const requested = parseEventLogs({ abi: batteryInterfaceAbi, logs: r.receipt.logs, eventName: 'SwapRequested' })[0]
    return [r.status === 'confirmed' ? 200 : 422, { status: r.status, latencyMs: r.latencyMs, swapId: requested ? Number(requested.args.swapId) : null }]
  }
  return [404, { error: { code: 'not_found', message: `no route ${method} ${path}` } }]
}

const server = createServer((req: IncomingMessage, res: ServerResponse) => {
  const chunks: Buffer[] = []
  req.on('data', (c: Buffer) => chunks.push(c))
  req.on('end', () => {
    const text = Buffer.concat(chunks).toString('utf8')
    const body = (text ? JSON.parse(text) : {}) as Record<string, number>
    route(req.method ?? 'GET', (req.url ?? '/').split('?')[0]!, body)
      .then(([status, out]) => {
        res.writeHead(status, { 'content-type': 'application/json' })
        res.end(JSON.stringify(out, (_k, v) => (typeof v === 'bigint' ? v.toString() : v)))
      })
      .catch((e: unknown) => {
        res.writeHead(500, { 'content-type': 'application/json' })
        res.end(JSON.stringify({ error: { code: 'internal', message: e instanceof Error ? e.message : String(e) } }))
      })
  })
})
server.listen(Number(values.port), '127.0.0.1', () => console.log(`app2 ${account.address} on 127.0.0.1:${values.port}, node ${values.rpc}`))
const shutdown = () => {
  server.closeAllConnections()
  server.close(() => process.exit(0))
}
process.once('SIGTERM', shutdown)
process.once('SIGINT', shutdown)
