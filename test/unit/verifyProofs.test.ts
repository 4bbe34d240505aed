// State proofs checked on the device against the real anvil node: a station's /api/chain routes serve
// eth_getProof and raw headers; the device's proven reader accepts the anvil head as the single node's word
// (no seals), and still refuses a proof that does not hang from its stateRoot, a proof of another slot,
// a value other than the proven one, and a head that does not link to the header it accepted before.
import { strict as assert } from 'node:assert'
import { after, before, describe, test } from 'node:test'
import { getAddress, keccak256, numberToHex, pad, type Address, type Hex } from 'viem'
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts'
import type { StartStationServerReturnType } from '../../src/rich/stationServer.js'
import { createStationClient } from '../../src/thin/agent/createStationClient.js'
import { createProvenReader } from '../../src/thin/verify/createProvenReader.js'
import type { PinnedChain } from '../../src/thin/verify/PinnedChain.js'
import { ProofError } from '../../src/thin/verify/ProofError.js'
import { StationLiedError } from '../../src/thin/verify/StationLiedError.js'
import { verifyAccountProof } from '../../src/thin/verify/verifyAccountProof.js'
import { verifyStorageProof } from '../../src/thin/verify/verifyStorageProof.js'
import { EMPTY_TRIE_ROOT } from '../../src/thin/verify/verifyTrieProof.js'
import { startTestChain, type TestChain } from '../helpers/chain.js'
import { startLyingStation } from '../helpers/lyingStation.js'
import { startTestStation } from '../helpers/testStation.js'

type Json = any // eslint-disable-line @typescript-eslint/no-explicit-any -- proof bodies are rewritten field by field

/** Changes one byte in the middle of a hex string. */
const flipByte = (hex: Hex): Hex => {
  const at = 2 + 2 * Math.floor((hex.length - 2) / 4)
  const byte = parseInt(hex.slice(at, at + 2), 16) ^ 0x01
  return `${hex.slice(0, at)}${byte.toString(16).padStart(2, '0')}${hex.slice(at + 2)}` as Hex
}

describe('state proofs on the embedded anvil chain', () => {
  let chain: TestChain
  let server: StartStationServerReturnType
  let pinned: PinnedChain
  /** A contract and two of its slots that hold something, and one that holds nothing. */
  let contract: Address
  let full: [Hex, Hex]
  const empty: Hex = '0x7777'

  before(async () => {
    chain = await startTestChain()
    server = await startTestStation(chain)
    const genesis = await chain.publicClient.getBlock({ blockNumber: 0n })
    pinned = { chainId: 31337, genesisHash: genesis.hash, deployment: chain.deployment, clique: null }
    // Find two non-zero slots among the first of a deployed contract's storage.
    for (const address of [chain.deployment.batteryProcess, chain.deployment.balanceProcess, chain.deployment.batteryInterface, chain.deployment.forwarder]) {
      const slots: Hex[] = []
      for (let i = 0; i < 16 && slots.length < 2; i++) {
        const v = await chain.publicClient.getStorageAt({ address, slot: numberToHex(i) })
        if (v && BigInt(v) !== 0n) slots.push(numberToHex(i))
      }
      if (slots.length === 2) {
        contract = address
        full = slots as [Hex, Hex]
        break
      }
    }
    assert.ok(contract, 'a deployed contract with two non-zero slots among its first 16')
  })
  after(async () => {
    await server?.close()
    await chain?.stop()
  })

  test('test_readSlots_manyAtOnce_whileBlocksCome_shareTheFollower_noFalseLie', async () => {
    // A device checks its batteries, proves an outcome and refreshes its account at the same moments; the
    // reads share one header follower, and none may call the honest station a liar.
    const reader = createProvenReader({ station: createStationClient([server.url]), pinned })
    const first = await reader.acceptedHeader()
    for (let round = 0; round < 3; round++) {
      const head = await chain.publicClient.getBlockNumber({ cacheTime: 0 })
      await new Promise<void>((resolve) => {
        const stop = chain.publicClient.watchBlockNumber({ pollingInterval: 50, onBlockNumber: (n) => n > head && (stop(), resolve()) })
      })
      const reads = await Promise.all(Array.from({ length: 8 }, () => reader.readSlots(contract, [full[0]])))
      assert.equal(new Set(reads.map((r) => r.values[0])).size, 1)
    }
    assert.ok((await reader.acceptedHeader()).number > first.number)
  })

  test('test_proofsAtTheHead_whileABlockIsBuilt_areOfTheirBlock', async (t) => {
    // anvil answers a read at its head from its live state, which holds the next block while that block is
    // built: such a read showed the next block's state under this one's number, and the device called the
    // honest station a liar. Each block here spends its gas in a loop, so it takes a while to build, and the
    // head is read all along; every proof must be of the block it names.
    const loop = await chain.publicClient.waitForTransactionReceipt({
      // Runtime code JUMPDEST PUSH1 0 JUMP: it loops until its gas is spent.
      hash: await chain.deployer.sendTransaction({ data: '0x635b6000566000526004601cf3', chain: null }),
    })
    const sender = chain.deployer.account.address
    const first = await chain.publicClient.getTransactionCount({ address: sender })
    const BLOCKS = 8
    // One loop fills most of a block (anvil's gas limit is 30 million), so each is built on its own; the base
    // fee rises with every full block, so the fee cap is well above it.
    for (let i = 0; i < BLOCKS; i++) await chain.deployer.sendTransaction({ to: loop.contractAddress!, gas: 25_000_000n, maxFeePerGas: 100_000_000_000n, nonce: first + i, chain: null })
    const samples: { block: bigint; nonce: number; root: Hex }[] = []
    await Promise.all(
      Array.from({ length: 4 }, async () => {
        while ((samples.at(-1)?.nonce ?? first) < first + BLOCKS) {
          const block = await chain.publicClient.getBlockNumber({ cacheTime: 0 })
          const r = await fetch(`${server.url}/api/chain/proof?address=${sender}&block=${block}`)
          assert.equal(r.status, 200)
          const p = (await r.json()) as Json
          samples.push({ block, nonce: Number(BigInt(p.nonce)), root: keccak256(p.accountProof[0]) })
        }
      }),
    )
    t.diagnostic(`${samples.length} proofs at the head while ${BLOCKS} blocks were built`)
    const wrong: string[] = []
    for (const s of samples) {
      const block = await chain.publicClient.getBlock({ blockNumber: s.block })
      const nonce = await chain.publicClient.getTransactionCount({ address: sender, blockNumber: s.block })
      if (s.root !== block.stateRoot || s.nonce !== nonce) wrong.push(`block ${s.block}: nonce ${s.nonce}, root ${s.root}; the block's nonce ${nonce}, root ${block.stateRoot}`)
    }
    assert.deepEqual(wrong, [])
  })

  test('test_proofs_from_the_real_node_verify_and_the_header_is_trusted_as_the_single_node', async (t) => {
    const lines: string[] = []
    const reader = createProvenReader({ station: createStationClient([server.url]), pinned, log: (l) => lines.push(l) })
    const { header, account, values } = await reader.readSlots(contract, [full[0], full[1], empty])
    assert.equal(header.trust, 'single-node')
    assert.deepEqual(header.sealers, [])
    const block = await chain.publicClient.getBlock({ blockNumber: header.number })
    assert.equal(header.hash, block.hash)
    assert.equal(header.stateRoot, block.stateRoot)
    for (const [i, slot] of [full[0], full[1], empty].entries()) {
      assert.equal(values[i], BigInt((await chain.publicClient.getStorageAt({ address: contract, slot, blockNumber: header.number })) ?? '0x0'), `slot ${slot}`)
    }
    assert.equal(account.balance, await chain.publicClient.getBalance({ address: contract, blockNumber: header.number }))
    assert.equal(account.nonce, 1n, 'a contract deployed by a transaction starts at nonce 1')
    assert.ok(reader.bytesFetched() > 0)
    // Decoding the header and verifying four proofs cost something, and far less than a second.
    const checked = reader.checkTime()
    assert.ok(checked.wallMs > 0 && checked.wallMs < 1000 && checked.cpuMs >= 0, `checks took ${JSON.stringify(checked)}`)
    t.diagnostic(`first read of 3 slots on anvil: ${reader.bytesFetched()} bytes of JSON fetched (one header and the proof), checked in ${checked.wallMs.toFixed(2)} ms (process CPU ${checked.cpuMs.toFixed(2)} ms)`)
    assert.match(lines.join('\n'), /accepted block \d+ \(the single node's header\)/)

    // A later read asks only for the headers after the accepted one, and waits for a block at least as new as asked.
    const later = await reader.acceptedHeader({ atLeast: header.number + 2n, timeoutMs: 10_000 })
    assert.ok(later.number >= header.number + 2n)
    // Another account at the very same block.
    const same = await reader.readSlots(chain.deployment.forwarder, [], { at: header })
    assert.equal(same.header, header)
    assert.equal(same.account.balance, await chain.publicClient.getBalance({ address: chain.deployment.forwarder, blockNumber: header.number }))
  })

  test('test_an_absent_account_is_proven_empty', async () => {
    const reader = createProvenReader({ station: createStationClient([server.url]), pinned })
    const stranger = privateKeyToAccount(generatePrivateKey()).address
    const { account, values } = await reader.readSlots(stranger, ['0x0'])
    assert.deepEqual(account, { nonce: 0n, balance: 0n, storageRoot: EMPTY_TRIE_ROOT })
    assert.deepEqual(values, [0n])
  })

  test('test_a_proof_with_one_byte_changed_is_a_ProofError', async () => {
    const block = await chain.publicClient.getBlock()
    const proof = await chain.publicClient.getProof({ address: contract, storageKeys: [pad(full[0], { size: 32 })], blockNumber: block.number })
    const account = await verifyAccountProof(block.stateRoot, contract, proof.accountProof)
    assert.equal(account.storageRoot, proof.storageHash)
    assert.equal(await verifyStorageProof(account.storageRoot, full[0], proof.storageProof[0]!.proof), proof.storageProof[0]!.value)
    const bent = [...proof.accountProof]
    bent[bent.length - 1] = flipByte(bent[bent.length - 1]!)
    await assert.rejects(verifyAccountProof(block.stateRoot, contract, bent), (e: unknown) => e instanceof ProofError && /does not match root/.test(e.message))
    await assert.rejects(verifyAccountProof(block.stateRoot, contract, []), ProofError)
  })

  test('test_chain_routes_refuse_bad_parameters_naming_them', async () => {
    const get = async (path: string) => {
      const r = await fetch(server.url + path)
      return { status: r.status, body: (await r.json()) as Json }
    }
    const tooMany = await get('/api/chain/headers?count=65')
    assert.equal(tooMany.status, 400)
    assert.equal(tooMany.body.error.field, 'count')
    const future = await get(`/api/chain/proof?address=${contract}&block=99999999`)
    assert.equal(future.status, 404)
    assert.match(future.body.error.message, /^block 99999999 is past this station's head, block \d+$/)
    // anvil keeps no state of its genesis that hangs from block 0's stateRoot: a 404 naming the block, not a 5xx.
    const genesis = await get(`/api/chain/proof?address=${contract}&block=0`)
    assert.equal(genesis.status, 404)
    assert.equal(genesis.body.error.code, 'no_proof')
    assert.equal(genesis.body.error.message, 'the chain node cannot prove the state of block 0: it keeps no state of that block')
    const badSlot = await get(`/api/chain/proof?address=${contract}&slot=0xzz&block=1`)
    assert.equal(badSlot.status, 400)
    assert.match(badSlot.body.error.field, /^slot/)
    const past = await get('/api/chain/headers?from=99999999&count=3')
    assert.equal(past.status, 200)
    assert.deepEqual(past.body.headers, [])
  })

  describe('a lying station', () => {
    let lying: Awaited<ReturnType<typeof startLyingStation>>
    before(async () => {
      lying = await startLyingStation(server.url)
    })
    after(async () => {
      await lying?.close()
    })
    const read = (slots: Hex[]) => createProvenReader({ station: createStationClient([lying.url]), pinned }).readSlots(contract, slots)
    const caught = (what: RegExp, proven?: RegExp) => (e: unknown) => {
      assert.ok(e instanceof StationLiedError, String(e))
      assert.equal(e.station, lying.url)
      assert.match(e.claim, what)
      if (proven) assert.match(e.proven ?? '', proven)
      return true
    }

    test('test_a_storage_proof_with_one_byte_changed_is_refused', async () => {
      lying.lie = (path, body: Json) => {
        if (!path.startsWith('/api/chain/proof')) return body
        const proof = body.storageProof[0].proof as Hex[]
        proof[proof.length - 1] = flipByte(proof[proof.length - 1]!)
        return body
      }
      await assert.rejects(read([full[0]]), caught(/does not hold/, /stateRoot of accepted block/))
    })

    test('test_the_proof_of_another_slot_is_refused', async () => {
      lying.lie = (path, body: Json) => {
        if (!path.startsWith('/api/chain/proof')) return body
        body.storageProof[0] = body.storageProof[1]
        return body
      }
      // Asked for slots A and B, it answers B's proof (and value) for A.
      await assert.rejects(read([full[0], full[1]]), caught(new RegExp(`proof for ${getAddress(contract)}`)))
    })

    test('test_a_value_other_than_the_proven_one_is_refused_naming_both', async () => {
      lying.lie = (path, body: Json) => {
        if (!path.startsWith('/api/chain/proof')) return body
        body.storageProof[0].value = numberToHex(BigInt(body.storageProof[0].value) + 1n)
        return body
      }
      await assert.rejects(read([full[0]]), caught(new RegExp(`slot ${full[0]} of ${getAddress(contract)} holds \\d+`), /it holds \d+/))
      lying.lie = (path, body: Json) => (path.startsWith('/api/chain/proof') ? { ...body, balance: '0x5' } : body)
      await assert.rejects(read([]), caught(/the balance of .* is 5/, /it is 0/))
    })

    test('test_singleNode_bytesThatAreNoHeader_areALie_butTheNodesOwnHeadIsFollowed', async () => {
      lying.lie = (_path, body) => body
      const reader = createProvenReader({ station: createStationClient([lying.url]), pinned })
      const first = await reader.acceptedHeader()
      // The single node is all there is to trust on anvil: its newest header is the head, even one that
      // does not build on the last (its own reorganization). Bytes that are no header are still a lie.
      lying.lie = (path, body: Json) => (path.startsWith('/api/chain/headers') ? { ...body, headers: body.headers.map(() => '0xc0') } : body)
      await assert.rejects(reader.acceptedHeader({ atLeast: first.number + 1n, timeoutMs: 10_000 }), caught(/is not one/))
    })
  })
})
