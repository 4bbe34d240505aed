// How long a transaction takes to be in a block on a fresh 4-station Clique network, with and without the
// stations' sealing refresh (src/network/refreshSealingWork.ts; docs/network.md, "Late transactions").
// One sender, closed loop: wait 0-1 s at random, send a 0-value transfer to station 2's node, poll station
// 1's node for the receipt every 25 ms. Prints p50 / p95 / max and how often each node refreshed.
// Run: node --import tsx scripts/measure-inclusion-latency.mts [on|off, default on] [lead ms, default 400] [transactions, default 30]
//      (needs tools/bin/geth)
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createPublicClient, createWalletClient, http } from 'viem'
import { privateKeyToAccount } from 'viem/accounts'
import {
  initNetwork,
  loadNetwork,
  networkChain,
  nodePaths,
  pickPortBases,
  refreshSealingWork,
  startNetwork,
  stopNode,
  waitForConvergence,
} from '../src/network/index.ts'

const refresh = (process.argv[2] ?? 'on') === 'on'
const leadMs = Number(process.argv[3] ?? 400)
const count = Number(process.argv[4] ?? 30)
const dir = mkdtempSync(join(tmpdir(), 'evswap-inclusion-'))
await initNetwork({ stations: 4, dir: join(dir, 'net'), ports: (await pickPortBases(4)).bases })
const net = loadNetwork(join(dir, 'net'))
try {
  await startNetwork(net)
  await waitForConvergence(net.stations, { atLeast: 3n, timeoutMs: 60_000 })
  const refreshers = refresh ? net.stations.map((s) => refreshSealingWork(s, { period: net.period, leadMs })) : []
  const chain = networkChain(net)
  const account = privateKeyToAccount(net.deployer.privateKey)
  const reader = createPublicClient({ chain, transport: http(net.stations[0]!.httpUrl) })
  const wallet = createWalletClient({ chain, account, transport: http(net.stations[1]!.httpUrl) })
  const ms: number[] = []
  const first = await reader.getBlockNumber()
  for (let i = 0; i < count; i++) {
    await new Promise((r) => setTimeout(r, Math.random() * 1000))
    const t0 = performance.now()
    const hash = await wallet.sendTransaction({ to: account.address, value: 0n })
    await reader.waitForTransactionReceipt({ hash, pollingInterval: 25 })
    ms.push(performance.now() - t0)
  }
  for (const r of refreshers) r.stop()
  ms.sort((a, b) => a - b)
  const at = (q: number) => Math.round(ms[Math.min(ms.length - 1, Math.floor(q * ms.length))]!)
  console.log(`refresh ${refresh ? `on, lead ${leadMs} ms` : 'off'}; ${count} transactions: p50 ${at(0.5)} ms, p95 ${at(0.95)} ms, max ${at(1)} ms`)
  if (refresh) console.log(`refreshes per node: ${refreshers.map((r, i) => `${net.stations[i]!.name} ${r.status().refreshed}`).join(', ')}`)
  // Out of turn (difficulty 1): the in-turn signer was late or had signed too recently; such blocks arrive
  // up to 1.5 s into their slot, and the refresh, which rebuilds only the in-turn block, cannot help them.
  const last = await reader.getBlockNumber()
  let outOfTurn = 0
  for (let n = first + 1n; n <= last; n++) if ((await reader.getBlock({ blockNumber: n })).difficulty === 1n) outOfTurn++
  console.log(`blocks sealed out of turn: ${outOfTurn} of ${last - first}`)
  const reorgs = net.stations.map((s) => readFileSync(nodePaths(s.datadir).log, 'utf8').match(/reorg/gi)?.length ?? 0)
  console.log(`"reorg" lines in the nodes' logs: ${reorgs.join(', ')}`)
} finally {
  await Promise.all(net.stations.map((s) => stopNode(net, s, { force: true }).catch(() => undefined)))
  rmSync(dir, { recursive: true, force: true })
}
