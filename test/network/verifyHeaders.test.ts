// The device's header checks against real geth Clique: a 3-signer network with an epoch of 8 blocks, and a
// station API serving only /api/chain on a real socket. The seal hash is geth's (the recovered sealer is
// clique_getSigner's), a run of floor(N/2)+1 real headers is accepted and a shorter one waits, the signer
// set is followed through checkpoints (also when a vote removes a signer), and forged headers are refused:
// re-sealed with a key outside the set, a fork sealed by one real signer key, or a checkpoint that key
// rewrites to list keys of its own, none of which reaches a quorum of the set on its own.
import assert from 'node:assert/strict'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { RLP } from '@ethereumjs/rlp'
import Fastify from 'fastify'
import { bytesToHex, concat, createPublicClient, createWalletClient, getAddress, hexToBytes, http, keccak256, numberToHex, type Address, type Hex } from 'viem'
import { generatePrivateKey, privateKeyToAccount, sign } from 'viem/accounts'
import { type EvswapNetwork, type GethNode, type Station, gethRpc, initNetwork, loadNetwork, networkChain, pickPortBases, pollUntil, proposeSigner, readDeployerKey, startNetwork, stopNode } from '../../src/network/index.js'
import { deployEvswap } from '../../src/sdk/deployEvswap.js'
import { installErrorHandling } from '../../src/rich/api/installErrorHandling.js'
import { chainRoutes } from '../../src/rich/api/routes/chainRoutes.js'
import { stringifyJson } from '../../src/rich/api/stringifyJson.js'
import { typeBoxValidatorCompiler } from '../../src/rich/api/typeBoxValidatorCompiler.js'
import type { TypeBoxTypeProvider } from '../../src/rich/api/TypeBoxTypeProvider.js'
import { createStationClient } from '../../src/thin/agent/createStationClient.js'
import { acceptHeaderQuorum } from '../../src/thin/verify/acceptHeaderQuorum.js'
import { checkpointSigners } from '../../src/thin/verify/checkpointSigners.js'
import { cliqueSealHash } from '../../src/thin/verify/cliqueSealHash.js'
import { createPinnedProvenReader } from '../../src/thin/verify/createPinnedProvenReader.js'
import { createChainPin } from '../../src/thin/agent/createChainPin.js'
import { loadPinnedChain } from '../../src/thin/pin/loadPinnedChain.js'
import { writePinnedChain } from '../../src/thin/pin/writePinnedChain.js'
import { createProvenReader } from '../../src/thin/verify/createProvenReader.js'
import { decodeHeader } from '../../src/thin/verify/decodeHeader.js'
import type { DecodedHeader } from '../../src/thin/verify/DecodedHeader.js'
import { fetchHeaders } from '../../src/thin/verify/fetchHeaders.js'
import { followCheckpoint } from '../../src/thin/verify/followCheckpoint.js'
import { HeaderQuorumError } from '../../src/thin/verify/HeaderQuorumError.js'
import type { PinnedChain } from '../../src/thin/verify/PinnedChain.js'
import { recoverSealer } from '../../src/thin/verify/recoverSealer.js'
import { sealedOnBothSides } from '../../src/thin/verify/sealedOnBothSides.js'
import { StationLiedError } from '../../src/thin/verify/StationLiedError.js'
import { verifyAccountProof } from '../../src/thin/verify/verifyAccountProof.js'
import { verifyStorageProof } from '../../src/thin/verify/verifyStorageProof.js'
import { startLyingStation } from '../helpers/lyingStation.js'
import { signerKey } from '../helpers/signerKey.js'

type Json = any // eslint-disable-line @typescript-eslint/no-explicit-any -- header bodies are rewritten by the lying station

const EPOCH = 8

/** A station API with only the chain routes, on a real port, reading its node over HTTP. */
async function serveChain(node: GethNode) {
  const app = Fastify({ logger: false }).withTypeProvider<TypeBoxTypeProvider>()
  app.setValidatorCompiler(typeBoxValidatorCompiler)
  app.setSerializerCompiler(() => (data) => stringifyJson(data))
  installErrorHandling(app, { bodyLimit: 16 * 1024 })
  const publicClient = createPublicClient({ transport: http(node.httpUrl) })
  await app.register(async (scope) => chainRoutes(scope, { publicClient }))
  await app.listen({ port: 0, host: '127.0.0.1' })
  const address = app.server.address()
  return { url: `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`, close: () => app.close() }
}

/** `header` with some fields changed, sealed again with `key` the way Clique seals (r‖s‖v, v 0 or 1). */
async function reseal(header: DecodedHeader, key: Hex, change: (fields: Uint8Array[]) => void): Promise<DecodedHeader> {
  const fields: Uint8Array[] = header.fields.map((f) => f.slice())
  change(fields)
  const unsealed = decodeHeader(bytesToHex(RLP.encode(fields)))
  const signature = await sign({ hash: cliqueSealHash(unsealed), privateKey: key })
  const extra = fields[12]!
  fields[12] = hexToBytes(concat([bytesToHex(extra.subarray(0, extra.length - 65)), signature.r, signature.s, signature.yParity ? '0x01' : '0x00']))
  return decodeHeader(bytesToHex(RLP.encode(fields)))
}

describe('device header checks on a 3-signer geth Clique network', { timeout: 240_000 }, () => {
  let dir: string
  let network: EvswapNetwork
  let api: Awaited<ReturnType<typeof serveChain>>
  let pinned: PinnedChain
  let signers: Address[]
  const head = async () => BigInt(await gethRpc<Hex>(network.stations[0]!.httpUrl, 'eth_blockNumber'))
  const waitForBlock = (n: bigint) => pollUntil(async () => ((await head()) >= n ? true : undefined), { what: `block ${n}`, timeoutMs: 60_000 })

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'evswap-verify-'))
    await initNetwork({ stations: 3, period: 1, epoch: EPOCH, dir: join(dir, 'net'), ports: (await pickPortBases(3)).bases })
    network = loadNetwork(join(dir, 'net'))
    await startNetwork(network)
    api = await serveChain(network.stations[0]!)
    signers = network.stations.map((s) => getAddress(s.signer))
    const genesis = await gethRpc<{ hash: Hex }>(network.stations[0]!.httpUrl, 'eth_getBlockByNumber', ['0x0', false])
    pinned = { chainId: network.chainId, genesisHash: genesis.hash, deployment: undefined as never, clique: { epoch: EPOCH, signers, signersBlock: 0 } }
    await waitForBlock(6n)
  })

  after(async () => {
    await api?.close()
    if (network) await Promise.all(network.stations.map((n) => stopNode(network, n, { force: true }).catch(() => undefined)))
    rmSync(dir, { recursive: true, force: true })
  })

  it("recovers the sealer geth names: the seal hash is geth's", async () => {
    const { headers } = await fetchHeaders(createStationClient([api.url]), { from: 1n, count: 5 })
    assert.equal(headers.length, 5)
    for (const header of headers) {
      const byGeth = await gethRpc<Address>(network.stations[1]!.httpUrl, 'clique_getSigner', [header.hash])
      assert.equal(await recoverSealer(header), getAddress(byGeth), `block ${header.number}`)
      const block = await gethRpc<{ hash: Hex }>(network.stations[1]!.httpUrl, 'eth_getBlockByNumber', [`0x${header.number.toString(16)}`, false])
      assert.equal(header.hash, block.hash, 'the station rebuilt the RLP geth hashed')
    }
  })

  it('accepts a run of floor(N/2)+1 real headers by distinct signers, and calls a shorter run short', async () => {
    const { headers } = await fetchHeaders(createStationClient([api.url]), { from: 2n, count: 2 })
    const { header, sealers } = await acceptHeaderQuorum(headers, { signers })
    assert.equal(header.number, 2n)
    assert.equal(sealers.length, 2)
    await assert.rejects(acceptHeaderQuorum(headers.slice(0, 1), { signers }), (e: unknown) => {
      assert.ok(e instanceof HeaderQuorumError)
      assert.equal(e.reason, 'short')
      assert.match(e.shortMessage, /^block 2 has been sealed or built on by 1 of the 3 signers, and a device accepts it at 2: 1 more must build on it$/)
      return true
    })
    // Out of order, the links break.
    await assert.rejects(acceptHeaderQuorum([headers[1]!, headers[0]!], { signers }), (e: unknown) => e instanceof HeaderQuorumError && e.reason === 'unlinked')
  })

  it('does not count a seal by a key outside the set, and a station serving such headers gets no block accepted', async () => {
    const { headers } = await fetchHeaders(createStationClient([api.url]), { from: 3n, count: 2 })
    const stranger = generatePrivateKey()
    const forged = await reseal(headers[1]!, stranger, (f) => void (f[3] = hexToBytes(keccak256('0x01'))))
    // Block 3 and a forged block 4 on it: only one signer of three built the run, so block 3 waits.
    await assert.rejects(acceptHeaderQuorum([headers[0]!, forged], { signers }), (e: unknown) => {
      assert.ok(e instanceof HeaderQuorumError)
      assert.equal(e.reason, 'short')
      assert.match(e.shortMessage, /^block 3 has been sealed or built on by 1 of the 3 signers, and a device accepts it at 2: 1 more must build on it$/)
      return true
    })
    // The same header count with the real block 4 is accepted: the stranger's seal was all that was missing.
    assert.equal((await acceptHeaderQuorum(headers, { signers })).header.number, 3n)

    // Through a station that re-seals every newest header it serves: the device accepts nothing from it,
    // and says it is waiting for signers, not that the station lied (a new signer's seal looks the same).
    const lying = await startLyingStation(api.url)
    try {
      const resealed = await reseal(headers[1]!, generatePrivateKey(), () => undefined)
      // A chain that stopped at the forged block 4: the newest headers are blocks 3 and 4, nothing after.
      lying.lie = (path, body: Json) =>
        path.startsWith('/api/chain/headers') ? { ...body, head: 4, headers: path.includes('from=') ? [] : [headers[0]!.rlp, resealed.rlp] } : body
      const reader = createProvenReader({ station: createStationClient([lying.url]), pinned: { ...pinned, clique: { epoch: 1000, signers, signersBlock: 0 } } })
      await assert.rejects(reader.acceptedHeader({ timeoutMs: 2000 }), (e: unknown) => {
        assert.ok(e instanceof HeaderQuorumError, String(e))
        assert.equal(e.reason, 'short')
        return true
      })
    } finally {
      await lying.close()
    }
  })

  it("cannot be made to accept a fork sealed by one real signer's key alone", async () => {
    const key = await signerKey(network.stations[0]!)
    assert.equal(privateKeyToAccount(key).address, signers[0])
    const { headers } = await fetchHeaders(createStationClient([api.url]), { from: 1n, count: 4 })
    // A fork from block 1 on: each header claims another state and is sealed by station 1's own key.
    const fork: DecodedHeader[] = [headers[0]!]
    for (const h of headers.slice(1)) {
      fork.push(await reseal(h, key, (f) => {
        f[0] = hexToBytes(fork[fork.length - 1]!.hash)
        f[3] = hexToBytes(keccak256(f[3]!))
      }))
    }
    for (const h of fork.slice(1)) assert.equal(await recoverSealer(h), signers[0])
    // Block 2 onwards of the fork: every seal is one key's, so no block of it reaches 2 distinct signers.
    await assert.rejects(acceptHeaderQuorum(fork.slice(1), { signers }), (e: unknown) => e instanceof HeaderQuorumError && e.reason === 'short')
    await assert.rejects(acceptHeaderQuorum(fork.slice(2), { signers }), (e: unknown) => e instanceof HeaderQuorumError && e.reason === 'short')

    // A station that serves only its fork: the device waits for a quorum that never comes.
    const lying = await startLyingStation(api.url)
    try {
      lying.lie = (path, body: Json) => (path.startsWith('/api/chain/headers') ? { head: 4, headers: fork.slice(1).filter((h) => !/from=/.test(path) || h.number >= BigInt(/from=(\d+)/.exec(path)![1]!)).map((h) => h.rlp) } : body)
      const reader = createProvenReader({ station: createStationClient([lying.url]), pinned: { ...pinned, clique: { epoch: 1000, signers, signersBlock: 0 } } })
      await assert.rejects(reader.acceptedHeader({ timeoutMs: 1500 }), (e: unknown) => e instanceof HeaderQuorumError && e.reason === 'short' && /no block has a quorum of signers on it/.test(e.shortMessage))
    } finally {
      await lying.close()
    }
  })

  it('names a key as sealed on both sides of a fork only when its seals on the two sides overlap in time', async () => {
    const keys = await Promise.all(network.stations.map((s) => signerKey(s)))
    const { headers: won } = await fetchHeaders(createStationClient([api.url]), { from: 1n, count: 4 })
    const sealers = await Promise.all(won.map((h) => recoverSealer(h)))
    const first = (who: Address) => won.find((_, i) => sealers[i] === who)!.timestamp
    /** The losing side: block 1 shared, then blocks 2 to 4 of its own, each sealed by `by(i)` at `at(i)`. */
    const losingSide = async (by: (i: number) => number, at: (i: number) => bigint) => {
      const side: DecodedHeader[] = [won[0]!]
      for (const [i, h] of won.slice(1).entries()) {
        side.push(await reseal(h, keys[by(i)]!, (f) => {
          f[0] = hexToBytes(side[side.length - 1]!.hash)
          f[3] = hexToBytes(keccak256(f[3]!))
          f[11] = hexToBytes(numberToHex(at(i)))
        }))
      }
      return side
    }
    // A key that also sealed the winning side before its last block on the losing side: one key, two machines.
    const k = signers.indexOf(sealers[1]!)
    const doubled = await losingSide(() => k, () => first(signers[k]!) + 1n)
    assert.deepEqual(await sealedOnBothSides(doubled, won), [signers[k]])
    // The same key whose losing-side blocks all come before its first winning one: an honest signer that
    // was cut off on the losing side and joined the winning one after.
    const honest = await losingSide(() => k, () => first(signers[k]!) - 1n)
    assert.deepEqual(await sealedOnBothSides(honest, won), [])
    // Heights the two sides share are before the fork, whoever sealed them.
    assert.deepEqual(await sealedOnBothSides(won, won), [])
  })

  it('refuses a checkpoint forged by one real signer to list keys of its own', async () => {
    const key = await signerKey(network.stations[0]!)
    await waitForBlock(BigInt(EPOCH) + 2n)
    const { headers } = await fetchHeaders(createStationClient([api.url]), { from: BigInt(EPOCH), count: 3 })
    assert.deepEqual(new Set(checkpointSigners(headers[0]!)), new Set(signers), 'the real checkpoint lists the three')
    assert.deepEqual(new Set(await followCheckpoint(headers, signers, EPOCH)), new Set(signers))
    // Station 1 rewrites checkpoint 8 to list itself and two keys it made, and seals what follows with them.
    const made = [generatePrivateKey(), generatePrivateKey()]
    const list = [signers[0]!, ...made.map((k) => privateKeyToAccount(k).address)]
    const forged: DecodedHeader[] = [
      await reseal(headers[0]!, key, (f) => {
        f[3] = hexToBytes(keccak256(f[3]!))
        f[12] = hexToBytes(concat([bytesToHex(f[12]!.subarray(0, 32)), ...list, bytesToHex(new Uint8Array(65))]))
      }),
    ]
    for (const [i, h] of headers.slice(1).entries()) {
      forged.push(await reseal(h, made[i]!, (f) => void (f[0] = hexToBytes(forged[forged.length - 1]!.hash))))
    }
    assert.deepEqual(checkpointSigners(forged[0]!), list)
    await assert.rejects(followCheckpoint(forged, signers, EPOCH), (e: unknown) => {
      assert.ok(e instanceof HeaderQuorumError)
      assert.equal(e.reason, 'short')
      assert.match(e.shortMessage, new RegExp(`^block ${EPOCH} has been sealed or built on by 1 of the 3 signers`))
      return true
    })
    // Not a checkpoint: refused before any seal is looked at.
    await assert.rejects(followCheckpoint(headers.slice(1), signers, EPOCH), (e: unknown) => e instanceof HeaderQuorumError && /is not a checkpoint/.test(e.message))
  })

  it('follows the signer set through checkpoints, also when a vote removes a signer, and proves a balance at the accepted block', async () => {
    const [s1, s2, s3] = network.stations as [Station, Station, Station]
    await proposeSigner(s1, s3.signer, 'remove')
    await proposeSigner(s2, s3.signer, 'remove')
    await pollUntil(async () => ((await gethRpc<Address[]>(s1.httpUrl, 'clique_getSigners')).length === 2 ? true : undefined), { what: 'station 3 voted out', timeoutMs: 60_000 })
    const removedAt = await head()
    // The next checkpoint lists the two, and a quorum of the old three has built on it.
    const checkpoint = (removedAt / BigInt(EPOCH) + 1n) * BigInt(EPOCH)
    await waitForBlock(checkpoint + 3n)

    const lines: string[] = []
    const reader = createProvenReader({ station: createStationClient([api.url]), pinned, log: (l) => lines.push(l) })
    const accepted = await reader.acceptedHeader({ atLeast: checkpoint, timeoutMs: 30_000 })
    assert.equal(accepted.trust, 'quorum')
    assert.ok(accepted.number >= checkpoint)
    const followed = reader.signers()!
    assert.ok(followed.since >= checkpoint, `followed up to checkpoint ${followed.since}`)
    assert.deepEqual(new Set(followed.signers), new Set([signers[0], signers[1]]))
    assert.match(lines.join('\n'), new RegExp(`signer set from checkpoint ${checkpoint}: `))
    assert.ok(accepted.sealers.length >= 2 && accepted.sealers.every((s) => followed.signers.includes(s)))
    const real = await gethRpc<{ hash: Hex; stateRoot: Hex }>(s2.httpUrl, 'eth_getBlockByNumber', [`0x${accepted.number.toString(16)}`, false])
    assert.equal(accepted.hash, real.hash)

    const relayer = network.stations[1]!.relayer.address
    const before = reader.bytesFetched()
    const { account, header } = await reader.readSlots(relayer, [])
    const balance = BigInt(await gethRpc<Hex>(s2.httpUrl, 'eth_getBalance', [relayer, `0x${header.number.toString(16)}`]))
    assert.equal(account.balance, balance)
    assert.ok(reader.bytesFetched() > before)

    // The agent's reader writes the set it followed back to the device's pin, so a restart starts there.
    const deviceDir = mkdtempSync(join(tmpdir(), 'evswap-pin-follow-'))
    try {
      // No contracts are read here: any deployment record will do.
      const none = `0x${'00'.repeat(20)}` as Address
      const deployment = { chainId: network.chainId, forwarder: none, batteryProcess: none, balanceProcess: none, batteryInterface: none, stationDirectory: none, superAccount: none, deployer: none, block: 0 }
      writePinnedChain(deviceDir, { ...pinned, deployment, clique: { epoch: EPOCH, signers, signersBlock: 0 } })
      const pin = createChainPin({ dir: deviceDir })
      const agentReader = createPinnedProvenReader({ station: createStationClient([api.url]), pinned: pin.pinned, updateSigners: pin.updateSigners })
      await agentReader.acceptedHeader({ atLeast: checkpoint, timeoutMs: 30_000 })
      const saved = loadPinnedChain(deviceDir)!.clique!
      assert.deepEqual(new Set(saved.signers), new Set([signers[0], signers[1]]))
      assert.ok(saved.signersBlock >= Number(checkpoint), `saved at ${saved.signersBlock}`)
    } finally {
      rmSync(deviceDir, { recursive: true, force: true })
    }
  })

  it('measures the bytes a read of two slots costs once the device follows the head, and the CPU the checks take', async (t) => {
    // The contracts on this chain, for slots that hold something, as a device reads them.
    const s1 = network.stations[0]!
    const deployer = privateKeyToAccount(await readDeployerKey(network))
    const publicClient = createPublicClient({ chain: networkChain(network), transport: http(s1.httpUrl), pollingInterval: 200 })
    const walletClient = createWalletClient({ account: deployer, chain: networkChain(network), transport: http(s1.httpUrl) })
    const deployment = await deployEvswap({ publicClient, walletClient, superAccount: deployer.address })
    let address: Address | undefined
    let slots: Hex[] = []
    for (const contract of [deployment.batteryProcess, deployment.balanceProcess, deployment.batteryInterface, deployment.forwarder]) {
      slots = []
      for (let i = 0; i < 16 && slots.length < 2; i++) if (BigInt((await publicClient.getStorageAt({ address: contract, slot: numberToHex(i) })) ?? '0x0') !== 0n) slots.push(numberToHex(i))
      if (slots.length === 2) {
        address = contract
        break
      }
    }
    assert.ok(address, 'a contract with two slots that hold something')

    const reader = createProvenReader({ station: createStationClient([api.url]), pinned })
    const first = await reader.acceptedHeader({ timeoutMs: 30_000 })
    // As after an operation: wait for a block past the one accepted, then read two slots as of it.
    const before = reader.bytesFetched()
    const { header, values } = await reader.readSlots(address, slots, { atLeast: first.number + 1n, timeoutMs: 30_000 })
    for (const [i, slot] of slots.entries()) assert.equal(values[i], BigInt((await publicClient.getStorageAt({ address, slot, blockNumber: header.number })) ?? '0x0'))
    const bytes = reader.bytesFetched() - before
    assert.ok(header.number > first.number)
    assert.ok(bytes > 0 && bytes < 12_000, `${bytes} bytes`)

    // CPU of the checks alone (no I/O): a quorum window and an account proof with two slots.
    const station = createStationClient([api.url])
    const { headers } = await fetchHeaders(station, { from: header.number, count: 2 })
    const proof = (await station.request<{ accountProof: Hex[]; storageProof: { proof: Hex[] }[] }>('GET', `/api/chain/proof?address=${address}&slot=${slots[0]}&slot=${slots[1]}&block=${header.number}`)).body
    const started = performance.now()
    const runs = 20
    for (let i = 0; i < runs; i++) {
      await acceptHeaderQuorum(headers, { signers: reader.signers()!.signers })
      const account = await verifyAccountProof(header.stateRoot, address, proof.accountProof)
      for (const [j, p] of proof.storageProof.entries()) await verifyStorageProof(account.storageRoot, slots[j]!, p.proof)
    }
    const ms = (performance.now() - started) / runs
    t.diagnostic(`verified read of 2 contract slots: ${bytes} bytes of JSON fetched (headers after the accepted block and the proof); checks ${ms.toFixed(1)} ms of CPU`)
  })
})
