import { existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { createPublicClient, createWalletClient, http, keccak256, toHex, type Hex } from 'viem'
import { privateKeyToAccount } from 'viem/accounts'
import { anvilDevKey } from '../../src/rich/node/anvilMnemonic.js'
import { balanceProcessBytecode } from '../../src/sdk/abi/balanceProcess.js'
import { batteryInterfaceBytecode } from '../../src/sdk/abi/batteryInterface.js'
import { batteryProcessBytecode } from '../../src/sdk/abi/batteryProcess.js'
import { evswapForwarderBytecode } from '../../src/sdk/abi/evswapForwarder.js'
import { deployEvswap } from '../../src/sdk/deployEvswap.js'
import type { Deployment } from '../../src/sdk/deployment.js'
import type { SignedForwardRequest } from '../../src/sdk/forwarder/forwardRequestTypes.js'
import { readProcStat } from '../lib/procStat.js'
import { createProgressBar } from '../lib/progressBar.js'
import { chainShape, type ChainShape } from './chainShape.js'
import { createBatchSigner } from './createBatchSigner.js'
import { createIndexModel } from './createIndexModel.js'
import { createRpc } from './createRpc.js'
import type { IndexModel } from './IndexModel.js'
import { mineBlock } from './mineBlock.js'
import { planBlock } from './planBlock.js'
import type { PlannedBlock } from './PlannedBlock.js'
import { planBootstrap } from './planBootstrap.js'
import { startIndexChain } from './startIndexChain.js'

/** What the cache folder's chain.json records: enough to measure on the chain without building it again. */
export type BuiltChain = {
  format: number
  /** keccak of the contracts' bytecode: a cache built from other contracts is built again. */
  contracts: Hex
  shape: ChainShape
  deployment: Deployment
  /** Last block, and contract events from the deployment to it. */
  head: number
  events: number
  /** Blocks after the deployment (bootstrap and operations). */
  blocks: number
  /** Unix seconds of the first and last block of the history. */
  firstTime: number
  lastTime: number
  buildSeconds: number
  /** Seconds anvil took to write the state file on exit, and its size. */
  dumpSeconds: number
  stateBytes: number
  stateFile: string
  /** The network as the last block left it: the load phase goes on from it. */
  model: IndexModel
  /** Operations of the history by kind. */
  operations: Record<string, number>
}

const FORMAT = 1
/** Blocks planned and signed ahead of the one being mined. */
const AHEAD = 8

/**
 * The chain history the index benchmark measures on: about `events` contract events on anvil, made as a
 * busy network would make them (planBootstrap, then planBlock block after block), every request signed by
 * its device and relayed through the forwarder's `executeBatch`, the blocks' timestamps spread over
 * `shape.days` days and ending about now. Signing runs on worker threads ahead of the block being mined.
 *
 * Cached in `cacheDir` (anvil's state file and chain.json): a rerun at the same N with the same contracts
 * reuses it, and says so.
 *
 * @example
 * const chain = await buildIndexChain({ events: 20_000, cacheDir, port, log })
 */
export async function buildIndexChain(o: { events: number; cacheDir: string; port: number; log: (line: string) => void }): Promise<BuiltChain & { reused: boolean }> {
  const metaFile = join(o.cacheDir, 'chain.json')
  const contracts = keccak256(toHex(evswapForwarderBytecode + batteryProcessBytecode + balanceProcessBytecode + batteryInterfaceBytecode))
  if (existsSync(metaFile)) {
    const cached = JSON.parse(readFileSync(metaFile, 'utf8')) as BuiltChain
    if (cached.format === FORMAT && cached.contracts === contracts && existsSync(cached.stateFile)) {
      o.log(`chain: reusing the cached history of ${cached.events} events (${cached.blocks} blocks, built in ${cached.buildSeconds} s) in ${o.cacheDir}`)
      return { ...cached, reused: true }
    }
    o.log(`chain: the cache in ${o.cacheDir} is of another format or other contracts; building again`)
  }
  rmSync(o.cacheDir, { recursive: true, force: true })
  mkdirSync(o.cacheDir, { recursive: true })
  const shape = chainShape(o.events)
  const stateFile = join(o.cacheDir, 'state.json')
  const t0 = performance.now()
  const end = Math.floor(Date.now() / 1000)
  const span = shape.days * 86_400
  const chain = await startIndexChain({ port: o.port, dir: o.cacheDir, genesis: end - span - 600, dumpState: stateFile })
  const bar = createProgressBar('building the chain')
  const signerKey = anvilDevKey(0)
  const superAccount = privateKeyToAccount(signerKey)
  let signer: ReturnType<typeof createBatchSigner> | undefined
  try {
    const transport = http(chain.url)
    const publicClient = createPublicClient({ transport, pollingInterval: 50 })
    const walletClient = createWalletClient({ account: superAccount, transport })
    const deployed = await deployEvswap({ publicClient, walletClient, superAccount: superAccount.address })
    const { reused: _reused, ...deployment } = deployed
    const rpc = createRpc(chain.url)
    await rpc('evm_setAutomine', [false])
    o.log(`chain: anvil on ${chain.url}, contracts deployed at block ${deployment.block}; ${shape.evs} EVs, ${shape.stations} stations, ${shape.batteriesPerStation} batteries each, ${shape.requestsPerBatch} requests a batch, ${shape.stationsPerBlock} batches a block`)

    const model = createIndexModel(shape)
    const bootstrap = planBootstrap(model, shape, deployment, { key: signerKey, address: superAccount.address })
    signer = createBatchSigner(deployment, 2)
    const start = deployment.block + 1
    const latest = await publicClient.getBlock()
    const firstTime = Number(latest.timestamp) + 1
    let planned = 0
    let mined = 0
    let events = 0
    let opBlocks = 0
    let opEvents = 0
    let lastTime = Number(latest.timestamp)
    const operations: Record<string, number> = {}
    const ahead: { planned: PlannedBlock; signed: Promise<SignedForwardRequest[][]>; operations: boolean }[] = []
    const plan = () => {
      const number = start + planned++
      const boot = bootstrap.shift()
      const p = boot ?? planBlock(model, shape, deployment, number)
      for (const b of p.batches) for (const r of b.requests) operations[r.call.label] = (operations[r.call.label] ?? 0) + 1
      const signed = Promise.all(p.batches.map((b) => signer!.sign(b.requests)))
      signed.catch(() => {})
      ahead.push({ planned: p, signed, operations: boot === undefined })
    }
    for (;;) {
      // Plan while the blocks already planned are not expected to reach the target (events per block so far).
      const perBlock = opBlocks > 0 ? opEvents / opBlocks : 100
      while (ahead.length < AHEAD && (bootstrap.length > 0 || events + ahead.length * perBlock < o.events)) plan()
      const next = ahead.shift()
      if (!next) break
      const signed = await next.signed
      // Timestamps follow the events: the history's time runs with its activity, ending about now.
      lastTime = Math.max(lastTime + 1, firstTime + Math.floor((span * Math.min(events, o.events)) / o.events))
      const r = await mineBlock(rpc, deployment, next.planned, signed, lastTime)
      if (r.number !== start + mined) throw new Error(`mined block ${r.number}, expected ${start + mined}`)
      mined += 1
      events += r.events
      if (next.operations) {
        opBlocks += 1
        opEvents += r.events
      }
      bar.update(events, o.events, `${events} events, block ${r.number}, ${Math.round(events / ((performance.now() - t0) / 1000))} events/s`)
    }
    bar.done()
    const head = start + mined - 1
    // Every contract event since the deployment (its own blocks included), as the index will count them.
    const all = await publicClient.getLogs({ address: [deployment.forwarder, deployment.batteryProcess, deployment.balanceProcess, deployment.batteryInterface], fromBlock: 0n, toBlock: BigInt(deployment.block) })
    const buildSeconds = Math.round((performance.now() - t0) / 100) / 10
    const anvilRssMb = Math.round((readProcStat(chain.pid)?.rssKb ?? 0) / 1024)
    o.log(`chain: ${events + all.length} events in ${mined} blocks built in ${buildSeconds} s (${Math.round(events / buildSeconds)} events/s), anvil resident ${anvilRssMb} MB; writing the state file...`)
    await signer.close()
    signer = undefined
    const d0 = performance.now()
    await chain.stop()
    const dumpSeconds = Math.round((performance.now() - d0) / 100) / 10
    const built: BuiltChain = {
      format: FORMAT,
      contracts,
      shape,
      deployment,
      head,
      events: events + all.length,
      blocks: mined,
      firstTime,
      lastTime,
      buildSeconds,
      dumpSeconds,
      stateBytes: statSync(stateFile).size,
      stateFile,
      model,
      operations,
    }
    // Written last: a build cut short leaves no chain.json, so it is never taken for a finished one.
    writeFileSync(metaFile, `${JSON.stringify(built)}\n`)
    o.log(`chain: state file ${stateFile}, ${Math.round(built.stateBytes / 1e6)} MB, written in ${dumpSeconds} s`)
    return { ...built, reused: false }
  } finally {
    bar.done()
    await signer?.close()
    await chain.stop()
  }
}
