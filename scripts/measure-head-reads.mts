// How often a busy anvil answers a state read at its head from the next block: a block that takes a while to
// build (one gas-spending loop per block) is mined every quarter second while readers ask for eth_getProof of
// the sender's account at the head. A proof whose first node does not hash to the named block's stateRoot
// is of another block. Prints that share for the node's raw answer and for the station's getProofAt (which
// reads again until the proof is of its block), with getProofAt's time per read.
// Run: node --import tsx scripts/measure-head-reads.mts [blocks=20]
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createPublicClient, createWalletClient, http, keccak256, numberToHex, type Hex } from 'viem'
import { privateKeyToAccount } from 'viem/accounts'
import { getProofAt } from '../src/rich/api/chainState/getProofAt.ts'
import { readBlockRef } from '../src/rich/api/chainState/readBlockRef.ts'
import { nodeRequest } from '../src/rich/api/nodeRequest.ts'
import { startAnvil } from '../src/rich/node/startAnvil.ts'

const [blocks = 20] = process.argv.slice(2).filter((a) => /^\d+$/.test(a)).map(Number)
const dir = mkdtempSync(join(tmpdir(), 'evswap-head-reads-'))
const anvil = await startAnvil({ port: 18_645, stateFile: join(dir, 'state.json'), blockTime: 0.25 })
try {
  const transport = http(anvil.url)
  const client = createPublicClient({ transport, pollingInterval: 50 })
  // anvil's first dev key.
  const wallet = createWalletClient({ account: privateKeyToAccount('0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80'), transport })
  const sender = wallet.account.address
  // Runtime code JUMPDEST PUSH1 0 JUMP: it loops until its gas is spent.
  const loop = (await client.waitForTransactionReceipt({ hash: await wallet.sendTransaction({ data: '0x635b6000566000526004601cf3', chain: null }) })).contractAddress!
  const first = await client.getTransactionCount({ address: sender })
  // The base fee rises with every full block, so the fee cap is well above it.
  for (let i = 0; i < blocks; i++) await wallet.sendTransaction({ to: loop, gas: 25_000_000n, maxFeePerGas: 100_000_000_000n, nonce: first + i, chain: null })

  const raw = { reads: 0, wrong: 0 }
  const checked = { reads: 0, wrong: 0, ms: [] as number[] }
  let done = false
  const roots = new Map<bigint, Hex>()
  const rootOf = async (n: bigint) => roots.get(n) ?? roots.set(n, (await client.getBlock({ blockNumber: n })).stateRoot).get(n)!
  const watcher = (async () => {
    while (!done) done = (await client.getTransactionCount({ address: sender })) >= first + blocks
  })()
  await Promise.all([
    ...Array.from({ length: 2 }, async () => {
      while (!done) {
        const block = await client.getBlockNumber({ cacheTime: 0 })
        const p = await nodeRequest<{ accountProof: Hex[] }>(client, 'eth_getProof', [sender, [], numberToHex(block)])
        raw.reads++
        if (keccak256(p.accountProof[0]!) !== (await rootOf(block))) raw.wrong++
      }
    }),
    ...Array.from({ length: 2 }, async () => {
      while (!done) {
        const block = await client.getBlockNumber({ cacheTime: 0 })
        const t0 = performance.now()
        const proof = await getProofAt(client, sender, [], await readBlockRef(client, block))
        checked.ms.push(performance.now() - t0)
        checked.reads++
        if (keccak256(proof.accountProof[0]!) !== (await rootOf(block))) checked.wrong++
      }
    }),
  ])
  await watcher
  const ms = checked.ms.sort((a, b) => a - b)
  const pct = (n: number, of: number) => `${((100 * n) / Math.max(1, of)).toFixed(1)} %`
  console.log(`${blocks} blocks, each one loop of 25 million gas, mined every 0.25 s`)
  console.log(`node's eth_getProof at its head: ${raw.wrong} of ${raw.reads} of another block (${pct(raw.wrong, raw.reads)})`)
  console.log(`getProofAt at the head:          ${checked.wrong} of ${checked.reads} of another block (${pct(checked.wrong, checked.reads)})`)
  console.log(`getProofAt time per read: p50 ${ms[Math.floor(ms.length / 2)]!.toFixed(1)} ms, p99 ${ms[Math.floor(ms.length * 0.99)]!.toFixed(1)} ms, max ${ms.at(-1)!.toFixed(1)} ms`)
} finally {
  await anvil.stop()
  rmSync(dir, { recursive: true, force: true })
}
