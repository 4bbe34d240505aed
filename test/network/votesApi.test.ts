// The station API's Clique votes on real geth: a 3-signer network in a temp dir, each station's vote routes
// on a real socket. An operator's vote through POST /api/network/votes lands in its node's
// clique_proposals, shows as pending on chain, and with a second station's vote removes a signer; a caller
// without the operator's token (every device) is refused before anything reaches the node. The station voted
// out then refuses its devices, which fail over.
import assert from 'node:assert/strict'
import { randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import Fastify from 'fastify'
import { type Address, getAddress } from 'viem'
import { privateKeyToAccount, generatePrivateKey } from 'viem/accounts'
import { type EvswapNetwork, type GethNode, type Station, gethRpc, initNetwork, loadNetwork, pickPortBases, pollUntil, startNetwork, stopNode, watchSignerStanding } from '../../src/network/index.js'
import { installStandingGate } from '../../src/rich/api/installStandingGate.js'
import { createStationClient } from '../../src/thin/agent/createStationClient.js'
import { installErrorHandling } from '../../src/rich/api/installErrorHandling.js'
import { voteRoutes } from '../../src/rich/api/routes/voteRoutes.js'
import { stringifyJson } from '../../src/rich/api/stringifyJson.js'
import { typeBoxValidatorCompiler } from '../../src/rich/api/typeBoxValidatorCompiler.js'
import type { TypeBoxTypeProvider } from '../../src/rich/api/TypeBoxTypeProvider.js'

type Votes = {
  clique: boolean
  message?: string
  signers: { address: Address; name: string | null }[]
  needed: number
  pending: { address: Address; authorize: boolean; name: string | null; voters: Address[] }[]
  proposals: { address: Address; authorize: boolean; name: string | null }[]
}

/** The vote routes of one station on a real port, with the station API's validation and error handling. */
async function serveVotes(node: GethNode | undefined, token: string, signerNames: Record<string, string> = {}) {
  const app = Fastify({ logger: false }).withTypeProvider<TypeBoxTypeProvider>()
  app.setValidatorCompiler(typeBoxValidatorCompiler)
  app.setSerializerCompiler(() => (data) => stringifyJson(data))
  installErrorHandling(app, { bodyLimit: 16 * 1024 })
  await app.register(async (scope) => voteRoutes(scope, { ...(node ? { node } : {}), operatorToken: () => token, signerNames }))
  await app.listen({ port: 0, host: '127.0.0.1' })
  const address = app.server.address()
  const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/api/network/votes`
  const get = async () => (await (await fetch(url)).json()) as Votes
  const post = async (body: unknown, auth: string | null = `Bearer ${token}`) => {
    const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...(auth !== null ? { authorization: auth } : {}) }, body: JSON.stringify(body) })
    return { status: res.status, json: (await res.json()) as Votes & { error?: { code: string; message: string; field?: string } } }
  }
  return { get, post, close: () => app.close() }
}

/** A station API's gate for a voted-out station, in front of a route a device reads, on a real port. */
async function serveGated(node: GethNode, refusal: () => string | undefined) {
  const app = Fastify({ logger: false }).withTypeProvider<TypeBoxTypeProvider>()
  installErrorHandling(app, { bodyLimit: 16 * 1024 })
  installStandingGate(app, refusal)
  app.get('/api/config', async () => ({ station: node.name }))
  await app.register(async (scope) => voteRoutes(scope, { node, operatorToken: () => null }))
  await app.listen({ port: 0, host: '127.0.0.1' })
  const address = app.server.address()
  return { url: `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`, close: () => app.close() }
}

/** The station API writes addresses in lower case. */
const lc = (a: string) => a.toLowerCase()
const proposals = async (node: GethNode) => gethRpc<Record<string, boolean>>(node.httpUrl, 'clique_proposals')
const signers = async (node: GethNode) => (await gethRpc<Address[]>(node.httpUrl, 'clique_getSigners')).map((a) => getAddress(a))

describe('station API votes on a 3-signer geth Clique network', { timeout: 180_000 }, () => {
  let dir: string
  let network: EvswapNetwork
  const tokens = [randomBytes(24).toString('base64url'), randomBytes(24).toString('base64url')]
  let apis: Awaited<ReturnType<typeof serveVotes>>[] = []

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'evswap-votes-'))
    await initNetwork({ stations: 3, period: 1, dir: join(dir, 'net'), ports: (await pickPortBases(3)).bases })
    network = loadNetwork(join(dir, 'net'))
    await startNetwork(network)
    const names = Object.fromEntries(network.members.map((m) => [m.signer, m.name]))
    apis = [await serveVotes(network.stations[0], tokens[0]!, names), await serveVotes(network.stations[1], tokens[1]!, names)]
  })

  after(async () => {
    for (const a of apis) await a.close()
    if (network) await Promise.all(network.stations.map((n) => stopNode(network, n, { force: true }).catch(() => undefined)))
    rmSync(dir, { recursive: true, force: true })
  })

  it('GET answers the signers by name and the votes a change needs, without a token', async () => {
    const v = await apis[0]!.get()
    assert.equal(v.clique, true)
    assert.deepEqual(new Set(v.signers.map((s) => s.address)), new Set(network.stations.map((s) => lc(s.signer))))
    assert.deepEqual(new Set(v.signers.map((s) => s.name)), new Set(['station-1', 'station-2', 'station-3']))
    assert.equal(v.needed, 2)
    assert.deepEqual(v.pending, [])
    assert.deepEqual(v.proposals, [])
  })

  it('refuses a vote without the operator token (401), with a wrong one (403), and a bad address or vote (400 naming the field), before the node sees it', async () => {
    const victim = network.stations[2]!.signer
    const api = apis[0]!
    const noToken = await api.post({ address: victim, vote: 'remove' }, null)
    assert.equal(noToken.status, 401)
    assert.match(noToken.json.error!.message, /operator's token/)
    for (const auth of [`Bearer ${tokens[1]}`, `Bearer ${tokens[0]!.slice(0, -1)}`, `Bearer ${tokens[0]}x`, `Basic ${tokens[0]}`, 'Bearer ']) {
      const r = await api.post({ address: victim, vote: 'remove' }, auth)
      assert.ok(r.status === 401 || r.status === 403, `${auth}: ${r.status}`)
    }
    assert.equal((await api.post({ address: victim, vote: 'remove' }, `Bearer ${tokens[1]}`)).status, 403, "another station's operator token")
    // Without a token even a malformed body is refused as unauthorized: nothing about it is looked at.
    assert.equal((await api.post('not json', null)).status, 401)
    const badAddress = await api.post({ address: '0x1234', vote: 'add' })
    assert.equal(badAddress.status, 400)
    assert.equal(badAddress.json.error!.field, 'address')
    const badVote = await api.post({ address: victim, vote: 'kick' })
    assert.equal(badVote.status, 400)
    assert.equal(badVote.json.error!.field, 'vote')
    assert.deepEqual(await proposals(network.stations[0]!), {})
  })

  it('a discarded vote leaves the node', async () => {
    const stranger = privateKeyToAccount(generatePrivateKey()).address
    const cast = await apis[0]!.post({ address: stranger, vote: 'add' })
    assert.equal(cast.status, 200)
    assert.deepEqual(cast.json.proposals, [{ address: lc(stranger), authorize: true, name: null }])
    assert.deepEqual(await proposals(network.stations[0]!), { [stranger.toLowerCase()]: true })
    const discarded = await apis[0]!.post({ address: stranger.toLowerCase(), vote: 'discard' })
    assert.equal(discarded.status, 200)
    assert.deepEqual(discarded.json.proposals, [])
    assert.deepEqual(await proposals(network.stations[0]!), {})
  })

  it("one operator's vote is pending on chain (1 of 2 needed); a second operator's vote removes the signer", async () => {
    const [s1, s2, s3] = network.stations as [Station, Station, Station]
    const first = await apis[0]!.post({ address: s3.signer, vote: 'remove' })
    assert.equal(first.status, 200)
    assert.deepEqual(first.json.proposals, [{ address: lc(s3.signer), authorize: false, name: 'station-3' }])
    assert.deepEqual(await proposals(s1), { [s3.signer.toLowerCase()]: false })
    // Station 1 puts its vote into the next block it seals; from then on every node counts it.
    const pending = await pollUntil(async () => (await apis[1]!.get()).pending.find((p) => p.address === lc(s3.signer)), { what: "station 1's vote on chain", timeoutMs: 30_000 })
    assert.deepEqual(pending, { address: lc(s3.signer), authorize: false, name: 'station-3', voters: [lc(s1.signer)] })
    assert.equal((await apis[1]!.get()).needed, 2)
    assert.equal((await signers(s2)).length, 3, 'one vote of 3 signers changes nothing')

    assert.equal((await apis[1]!.post({ address: s3.signer, vote: 'remove' })).status, 200)
    await pollUntil(async () => ((await signers(s1)).includes(s3.signer) ? undefined : true), { what: 'station 3 to be voted out', timeoutMs: 30_000 })
    assert.deepEqual(new Set(await signers(s2)), new Set([s1.signer, s2.signer]))
    const after = await apis[0]!.get()
    assert.equal(after.needed, 2)
    assert.deepEqual(after.pending, [])
  })

  it('the station voted out refuses its devices with 503 (votes still answer), and a device fails over to a station still in the set', async () => {
    const [s1, , s3] = network.stations as [Station, Station, Station]
    const out = watchSignerStanding(s3, { intervalMs: 250 })
    const still = watchSignerStanding(s1, { intervalMs: 250 })
    const gated = [await serveGated(s3, () => (out.standing() === 'voted_out' ? 'station 3 was voted out of the signers' : undefined)), await serveGated(s1, () => (still.standing() === 'voted_out' ? 'station 1 was voted out' : undefined))]
    try {
      await pollUntil(async () => (out.standing() === 'voted_out' && still.standing() === 'signer' ? true : undefined), { what: "both stations' standing", timeoutMs: 10_000 })
      const refused = await fetch(`${gated[0]!.url}/api/config`)
      assert.equal(refused.status, 503)
      assert.deepEqual(((await refused.json()) as { error: { code: string; message: string } }).error.code, 'voted_out')
      assert.equal((await fetch(`${gated[0]!.url}/api/network/votes`)).status, 200, 'the operator still sees the votes')

      const client = createStationClient([gated[0]!.url, gated[1]!.url])
      const moves: string[] = []
      client.onFailover((from, to, reason) => moves.push(`${from} -> ${to}: ${reason}`))
      const r = await client.request<{ station: string }>('GET', '/api/config')
      assert.equal(r.status, 200)
      assert.equal(r.body.station, 'station-1')
      assert.deepEqual(moves, [`${gated[0]!.url} -> ${gated[1]!.url}: HTTP 503`])
      // A station restarted after the vote still knows: its signer was in the genesis set.
      const restarted = watchSignerStanding(s3, { intervalMs: 250 })
      try {
        await pollUntil(async () => (restarted.standing() === 'voted_out' ? true : undefined), { what: 'the standing after a restart', timeoutMs: 10_000 })
      } finally {
        restarted.stop()
      }
    } finally {
      out.stop()
      still.stop()
      for (const g of gated) await g.close()
    }
  })
})

describe('station API votes on the embedded anvil chain', () => {
  it('GET says there are no signers to vote on; POST is refused without the token (401) and with it (409)', async () => {
    const api = await serveVotes(undefined, 'operator-token')
    try {
      const v = await api.get()
      assert.equal(v.clique, false)
      assert.match(v.message!, /no signers to vote on/)
      assert.deepEqual(v.signers, [])
      const address = privateKeyToAccount(generatePrivateKey()).address
      assert.equal((await api.post({ address, vote: 'add' }, null)).status, 401)
      const r = await api.post({ address, vote: 'add' }, 'Bearer operator-token')
      assert.equal(r.status, 409)
      assert.match(r.json.error!.message, /no signers to vote on/)
    } finally {
      await api.close()
    }
  })
})
