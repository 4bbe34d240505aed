// Start-ups of a 4-station Clique network, counted: does every node seal? Each round starts a fresh network
// (`startNetwork`), waits for block 16, and reports which signers sealed blocks 5-16 and what `eth_mining`
// says on each node; a node that seals nothing has the start of its geth log printed. This found geth's
// miner_stop/miner_start race (docs/network.md, "The miner restart is checked").
// Run: node --import tsx scripts/count-sealing-nodes.mts [rounds, default 10]   (needs tools/bin/geth)
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { gethRpc, initNetwork, loadNetwork, nodePaths, pickPortBases, startNetwork, stopNode, waitForConvergence } from '../src/network/index.ts'

const rounds = Number(process.argv[2] ?? 10)
let idleRounds = 0
for (let round = 1; round <= rounds; round++) {
  const dir = mkdtempSync(join(tmpdir(), 'evswap-sealers-'))
  try {
    await initNetwork({ stations: 4, dir: join(dir, 'net'), ports: (await pickPortBases(4)).bases })
    const net = loadNetwork(join(dir, 'net'))
    try {
      await startNetwork(net)
      await waitForConvergence(net.stations, { atLeast: 16n, timeoutMs: 60_000 })
      const sealed = new Set<string>()
      for (let n = 5; n <= 16; n++) sealed.add((await gethRpc<string>(net.stations[0]!.httpUrl, 'clique_getSigner', [`0x${n.toString(16)}`])).toLowerCase())
      const mining = await Promise.all(net.stations.map((s) => gethRpc<boolean>(s.httpUrl, 'eth_mining')))
      const idle = net.stations.filter((s) => !sealed.has(s.signer.toLowerCase()))
      if (idle.length > 0) idleRounds += 1
      console.log(`round ${round}: ${sealed.size} of 4 signers sealed blocks 5-16; eth_mining ${mining.join(', ')}${idle.length ? `; not sealing: ${idle.map((s) => s.name).join(', ')}` : ''}`)
      for (const s of idle) console.log(readFileSync(nodePaths(s.datadir).log, 'utf8').split('\n').filter((l) => !l.includes('Looking for peers')).slice(0, 60).join('\n'))
    } finally {
      await Promise.all(net.stations.map((s) => stopNode(net, s, { force: true }).catch(() => undefined)))
    }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}
console.log(`${idleRounds} of ${rounds} start-ups had a node that did not seal`)
process.exitCode = idleRounds > 0 ? 1 : 0
