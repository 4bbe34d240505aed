import { monitorEventLoopDelay } from 'node:perf_hooks'
import { createSignerPool } from './createSignerPool.js'
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Hex } from 'viem'
import { resolveGethBinary } from '../../src/network/resolveGethBinary.js'
import { findPackageRoot } from '../../src/rich/node/findPackageRoot.js'
import { onCleanup, runCleanup } from '../lib/cleanup.js'
import { createProcessSampler } from '../lib/createProcessSampler.js'
import { machineInfo } from '../lib/machineInfo.js'
import { createProgressBar } from '../lib/progressBar.js'
import { spawnChild, waitUntil } from '../lib/spawnChild.js'
import { pickPorts, startBenchNetwork } from '../lib/startBenchNetwork.js'
import { ratio } from '../lib/stats.js'
import { analyzeMode, type ModeStats } from './analyzeLoad.js'
import { bootstrapLoad } from './bootstrapLoad.js'
import { createBlockWatcher } from './createBlockWatcher.js'
import { createHttpClient } from './createHttpClient.js'
import { type OpRecord, runMode } from './loadModel.js'
import { rpcBatch } from './rpcBatch.js'
import { directSender, relaySender } from './senders.js'
import { loadOrCreateDeviceKey } from '../../src/thin/keystore/loadOrCreateDeviceKey.js'
import { verifyLoad } from './verifyLoad.js'
import { writeLoadOutputs } from './writeLoadOutputs.js'

export type LoadOptions = {
  stations: number
  evs: number
  seconds: number
  warmupSeconds: number
  /** EV operations started a second, in all; 0: each EV starts its next as soon as its last is answered. */
  ratePerSecond: number
  outDir: string
  keep: boolean
  command: string
}

const BATTERIES_PER_STATION = 40

/**
 * The load benchmark: K stations on a geth Clique network (each an `evswap station --network` process, i.e.
 * `startStation` on its own node with its relayer key), M simulated EVs in this process (each with its own key, one request in flight),
 * a station device per station. First `seconds` of load through the relays (EIP-712 requests, batched),
 * then the same load the paper's way (one transaction per operation, signed by the device's funded key),
 * then checks on chain that nothing was lost or applied twice. Writes JSON, SVG and a markdown report.
 *
 * @example
 * await runLoad({ stations: 4, evs: 1000, seconds: 60, warmupSeconds: 5, outDir: 'bench/results', keep: false, command })
 */
export async function runLoad(o: LoadOptions): Promise<number> {
  const root = findPackageRoot()
  const startedAt = new Date().toISOString()
  const machine = machineInfo(root, resolveGethBinary())
  const work = mkdtempSync(join(tmpdir(), 'evswap-bench-load-'))
  let keepForDiagnosis = false
  onCleanup('work folder', () => {
    if (!o.keep && !keepForDiagnosis) rmSync(work, { recursive: true, force: true })
    else if (keepForDiagnosis) process.stderr.write(`operations were left with an unknown outcome: the work folder (geth and station logs) is kept at ${work}\n`)
  })
  const bar = createProgressBar('load')
  const log = (line: string) => bar.log(line)
  const http = createHttpClient()
  onCleanup('http client', () => http.close())
  log(`evswap bench load: ${o.stations} stations, ${o.evs} EVs, ${o.seconds} s per mode; work folder ${work}`)
  try {
    const net = await startBenchNetwork({ stations: o.stations, dir: join(work, 'net'), log })
    const { network, deployment } = net
    const sampler = createProcessSampler({ intervalMs: 1000, network: false })
    onCleanup('sampler', () => sampler.stop())
    const clock = () => sampler.now()
    for (const [index, pid] of net.pids()) sampler.add({ key: `geth-${index}`, pid, labels: { group: 'geth nodes' } })
    sampler.add({ key: 'bench', pid: process.pid, labels: { group: 'simulated devices (this process)' } })

    // Stations: `evswap station --network` processes, each on its own node with its relayer key; their swap
    // interfaces' keys (the operators) are made here first so the bootstrap can register them.
    const passphrase = 'evswap-bench-only'
    const stationDirs = network.stations.map((s) => join(work, `station${s.index}`))
    const operators = await Promise.all(stationDirs.map((dir) => loadOrCreateDeviceKey({ dir: join(dir, 'device'), passphrase })))
    const signer = createSignerPool(1)
    onCleanup('signer pool', () => signer.close())
    const boot = await bootstrapLoad({ signer, wallet: net.superWallet, client: net.client(1), deployment, operators, evs: o.evs, batteriesPerStation: BATTERIES_PER_STATION, log })
    const ports = await pickPorts(o.stations)
    const urls = ports.map((p) => `http://127.0.0.1:${p}`)
    for (const s of network.stations) {
      const dir = stationDirs[s.index - 1]!
      mkdirSync(join(dir, 'usb'), { recursive: true })
      // EVSWAP_STATION_NODE_ARGS, e.g. '--cpu-prof --cpu-prof-dir=/tmp/prof', profiles the station servers
      // (node refuses --cpu-prof in NODE_OPTIONS); each writes its profile when the benchmark stops it.
      const nodeArgs = (process.env.EVSWAP_STATION_NODE_ARGS ?? '').split(' ').filter(Boolean)
      const args = [...nodeArgs, join(root, 'dist', 'cli', 'main.js'), 'station', '--network', network.dir, '--index', String(s.index), '--dir', dir, '--port', String(ports[s.index - 1])]
      for (const peer of urls.filter((_, i) => i !== s.index - 1)) args.push('--peer', peer)
      const child = spawnChild(process.execPath, args, { logFile: join(dir, 'station.log'), env: { ...process.env, EVSWAP_PASSPHRASE: passphrase } })
      sampler.add({ key: `station-${s.index}`, pid: child.pid, labels: { group: 'station servers' } })
    }
    await Promise.all(urls.map((u) => waitUntil(`station ${u}`, async () => ((await http.json('GET', `${u}/api/health`, undefined, 2000)).status === 200 ? true : undefined), { timeoutMs: 90_000 })))
    log(`stations up: ${urls.join(', ')}`)

    const watchers = network.stations.map((s) => createBlockWatcher({ http, url: s.httpUrl, recordBlocks: s.index === 1, clock }))
    onCleanup('block watchers', () => watchers.forEach((w) => w.stop()))

    const records: OpRecord[] = []
    const modes: ModeStats[] = []
    const simulatorLoopDelayMs: Record<string, { p50: number; p99: number; max: number }> = {}
    const phase = async (mode: 'relay' | 'direct') => {
      const send = mode === 'relay' ? relaySender({ http, stations: urls, deployment }) : directSender({ http, nodes: network.stations.map((s) => s.httpUrl), chainId: network.chainId, watchers })
      const startMs = clock()
      // The simulator is one Node process for every EV: if its event loop lags, latencies include that.
      const loopDelay = monitorEventLoopDelay({ resolution: 10 })
      loopDelay.enable()
      let recent: number[] = []
      const ticker = setInterval(() => {
        const now = clock()
        recent = recent.filter((t) => t > now - 5000)
        const elapsed = (now - startMs) / 1000
        bar.update(Math.min(elapsed, o.seconds), o.seconds, `${mode}: ${(recent.length / 5).toFixed(0)} confirmed ops/s (last 5 s), ${records.filter((r) => r.mode === mode && r.ok).length} confirmed${elapsed > o.seconds ? ', draining' : ''}`)
      }, 200)
      const mine = await runMode({
        mode,
        send,
        model: boot.model,
        deployment,
        seconds: o.seconds,
        clock,
        ...(o.ratePerSecond > 0 ? { ratePerSecond: o.ratePerSecond } : {}),
        onOp: (r) => {
          if (r.ok) recent.push(r.end)
        },
      })
      clearInterval(ticker)
      loopDelay.disable()
      const ms = (ns: number) => Math.round(ns / 1e5) / 10
      simulatorLoopDelayMs[mode] = { p50: ms(loopDelay.percentile(50)), p99: ms(loopDelay.percentile(99)), max: ms(loopDelay.max) }
      log(`${mode}: simulator event-loop delay p50 ${simulatorLoopDelayMs[mode].p50} ms, p99 ${simulatorLoopDelayMs[mode].p99} ms, max ${simulatorLoopDelayMs[mode].max} ms`)
      records.push(...mine)
      bar.done()
      const confirmed = mine.filter((r) => r.ok).length
      log(`${mode}: ${confirmed} operations confirmed, ${mine.length - confirmed} not, drained ${((clock() - startMs) / 1000 - o.seconds).toFixed(1)} s after the end`)
      return startMs
    }
    const relayStart = await phase('relay')
    const relayStats = await Promise.all(urls.map(async (u) => (await http.json('GET', `${u}/api/relay/stats`, undefined, 5000).catch(() => ({ body: undefined }))).body))
    log(`relay stages (ms): ${JSON.stringify(relayStats.map((x) => (x as { stages?: unknown } | undefined)?.stages))}`)
    const directStart = await phase('direct')

    // Gas: receipts of every transaction that carried an operation.
    const hashes = [...new Set(records.filter((r) => r.executed && r.txHash).map((r) => r.txHash!))]
    const receipts = await rpcBatch<{ gasUsed: Hex }>(network.stations[0]!.httpUrl, hashes.map((h) => ['eth_getTransactionReceipt', [h]] as const))
    // A transaction station 1's node never saw mined has no receipt; its operation already counts as not confirmed.
    const gasByTx = new Map(hashes.flatMap((h, i) => (receipts[i] ? [[h, Number(receipts[i].gasUsed)] as const] : [])))
    keepForDiagnosis = records.some((r) => !r.ok && r.unknown === true)

    await sampler.stop()
    watchers.forEach((w) => w.stop())
    const blocks = watchers[0]!.blocks
    for (const [mode, startMs] of [['relay', relayStart], ['direct', directStart]] as const) {
      modes.push(analyzeMode({ mode, records, startMs, seconds: o.seconds, warmupSeconds: o.warmupSeconds, gasByTx, samples: sampler.samples, blocks }))
    }
    const check = await verifyLoad({ url: network.stations[0]!.httpUrl, deployment, model: boot.model, records, bootstrapNonces: boot.bootstrapForwarderNonces })
    const [relay, direct] = modes as [ModeStats, ModeStats]
    const throughputRatio = ratio(relay.opsPerSecond, direct.opsPerSecond)
    const written = writeLoadOutputs({
      outDir: o.outDir,
      command: o.command,
      startedAt,
      machine,
      params: { stations: o.stations, evs: o.evs, seconds: o.seconds, warmupSeconds: o.warmupSeconds, ratePerSecond: o.ratePerSecond, batteriesPerStation: BATTERIES_PER_STATION, blockPeriodS: network.period, gasLimit: network.gasLimit },
      bootstrapSeconds: boot.seconds,
      relay,
      direct,
      throughputRatio,
      check,
      records,
      stuck: boot.model.evs.filter((e) => e.stuck).map((e) => `${e.name}: ${e.stuck}`),
      relayStats,
      simulatorLoopDelayMs,
    })
    for (const f of written) process.stdout.write(`wrote ${f}\n`)
    process.stdout.write(
      `\nrelay: ${relay.opsPerSecond} confirmed ops/s, p50 ${relay.latencyS.p50} s, p95 ${relay.latencyS.p95} s, p99 ${relay.latencyS.p99} s, ${relay.gasPerOp} gas/op\n` +
        `direct (paper's way): ${direct.opsPerSecond} confirmed ops/s, p50 ${direct.latencyS.p50} s, p95 ${direct.latencyS.p95} s, p99 ${direct.latencyS.p99} s, ${direct.gasPerOp} gas/op\n` +
        `relay / direct throughput: ${throughputRatio}x; lost or duplicated: ${check.lostOrDuplicated}\n`,
    )
    return check.lostOrDuplicated === 0 ? 0 : 1
  } finally {
    bar.done()
    await runCleanup()
  }
}
