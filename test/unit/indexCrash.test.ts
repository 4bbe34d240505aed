// A station killed mid-block leaves no half-written block. A child process indexes a long history (hundreds
// of blocks of evswap operations, written four blocks a transaction) into PGlite in a folder, or into a
// PostgreSQL server this process started (so the server outlives the children), and is killed with SIGKILL
// five times: after its Nth committed write (between writes) or its Nth begun one (inside a transaction), N
// different each time. Then, read directly before anything opens it again: every block up to the stored
// cursor holds exactly the chain's logs and nothing lies beyond it, and the derived tables are what one write
// of the same logs makes; and once caught up, the index answers every query as an index built from scratch.
// Last, two stations sharing one PGlite folder in one process (the embedded demo's way).
import { strict as assert } from 'node:assert'
import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import { after, before, describe, test } from 'node:test'
import type { Log } from 'viem'
import { createChainIndex, type ChainIndex } from '../../src/rich/events/createChainIndex.js'
import { createIndexWriter } from '../../src/rich/store/createIndexWriter.js'
import type { IndexTables } from '../../src/rich/store/IndexTables.js'
import { openIndexDatabase, type IndexDatabase } from '../../src/rich/store/openIndexDatabase.js'
import { balanceProcessAbi } from '../../src/sdk/abi/balanceProcess.js'
import { startTestChain, type TestChain } from '../helpers/chain.js'
import { ROOT } from '../helpers/ensureBuilt.js'
import { buildLongHistory, type LongHistory } from '../helpers/indexHistory.js'
import { snapshotIndex } from '../helpers/indexSnapshot.js'
import { testIndex } from '../helpers/testIndex.js'

const CHILD = join(ROOT, 'test/helpers/indexCrashChild.ts')
/** About 16 logs a block: 8 000 events, 125 writes of four blocks. */
const BLOCKS = 500
/**
 * Where each child is killed: right after it announced its Nth committed write ('batch', so between two
 * writes), or its Nth begun one ('write', so in the middle of a transaction). 50-odd of the ~125 writes.
 */
const KILLS: { on: 'batch' | 'write'; n: number }[] = [
  { on: 'write', n: 1 },
  { on: 'batch', n: 4 },
  { on: 'write', n: 10 },
  { on: 'batch', n: 16 },
  { on: 'write', n: 23 },
]
const CHUNK = 4
const REORG_DEPTH = 2
const TABLES = ['meta', 'events', 'battery_events', 'accounts', 'balances', 'supers', 'batteries', 'swaps', 'ledger'] as const

type Batch = { first: number; last: number; count: number }

describe('a station killed mid-block leaves no half-written block', { timeout: 900_000 }, () => {
  let chain: TestChain
  let h: LongHistory
  let logs: Log[]
  const addresses = () => [chain.deployment.batteryInterface, chain.deployment.batteryProcess, chain.deployment.balanceProcess, chain.deployment.forwarder]
  const opened: { close(): Promise<void> }[] = []

  before(async () => {
    chain = await startTestChain({ blockTime: 0.25 })
    h = await buildLongHistory(chain, { blocks: BLOCKS })
    logs = await chain.publicClient.getLogs({ address: addresses(), fromBlock: 0n, toBlock: BigInt(h.lastBlock) })
    assert.ok(logs.length > BLOCKS * 10, `${logs.length} logs in ${BLOCKS} blocks`)
  })
  after(async () => {
    for (const x of opened.reverse()) await x.close()
    await chain?.stop()
  })

  /**
   * Runs the child on `where` and kills it with SIGKILL as soon as it has printed its `kill.n`th `kill.on`
   * line. Answers the writes it announced as committed.
   */
  async function runAndKill(where: { database: string; schema: string }, kill: (typeof KILLS)[number]): Promise<Batch[]> {
    const options = { url: chain.url, deployment: chain.deployment, ...where, chunkSize: CHUNK, reorgDepth: REORG_DEPTH }
    const child = spawn(process.execPath, ['--import', 'tsx', CHILD], { cwd: ROOT, env: { ...process.env, EVSWAP_INDEX_CHILD: JSON.stringify(options) }, stdio: ['pipe', 'pipe', 'pipe'] })
    const closed = once(child, 'close') as Promise<[number | null, NodeJS.Signals | null]>
    let stderr = ''
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk))
    const batches: Batch[] = []
    const said: string[] = []
    let seen = 0
    try {
      for await (const line of createInterface({ input: child.stdout })) {
        said.push(line)
        const m = /^batch (\d+) (\d+) (\d+)$/.exec(line)
        if (m) batches.push({ first: Number(m[1]), last: Number(m[2]), count: Number(m[3]) })
        if (line.startsWith('head ')) throw new Error(`the child caught up (${line}) before its ${kill.on} line ${kill.n}: the history is too short to kill it mid catch-up`)
        if (line.split(' ')[0] === kill.on && ++seen === kill.n) {
          child.kill('SIGKILL')
          break
        }
      }
    } finally {
      child.kill('SIGKILL')
    }
    const [code, signal] = await closed
    assert.equal(signal, 'SIGKILL', `the child ended by itself (code ${code}) after ${seen} of ${kill.n} ${kill.on} lines:\n${said.join('\n')}\n${stderr}`)
    assert.equal(seen, kill.n)
    return batches
  }

  /** Every row of each table, in one order, for comparing two schemas. */
  async function tables(db: IndexDatabase['db']): Promise<Record<string, string[]>> {
    const out: Record<string, string[]> = {}
    for (const t of TABLES) {
      const rows = (await db.selectFrom(t).selectAll().execute()) as Record<string, unknown>[]
      out[t] = rows.map((r) => JSON.stringify(Object.entries(r).sort(([x], [y]) => (x < y ? -1 : 1)).map(([k, v]) => [k, String(v)]))).sort()
    }
    return out
  }

  const logKey = (l: Log) => JSON.stringify([Number(l.blockNumber), l.logIndex, l.transactionHash, l.address, l.topics.join(','), l.data, Number(l.blockTimestamp)])
  const rowKey = (r: IndexTables['events']) => JSON.stringify([Number(r.block), Number(r.log_index), r.tx_hash, r.address, r.topics, r.data, Number(r.time)])

  for (const engine of ['pglite', 'postgres'] as const)
    describe(`on ${engine}`, () => {
      let where: { database: string; schema: string }
      const runs: Batch[][] = []

      test('test_indexKilledFiveTimesMidCatchUp_betweenAndInsideWrites_everyBlockUpToTheCursorWholeAndNothingBeyond', async () => {
        where = await testIndex(engine)
        for (const kill of KILLS) runs.push(await runAndKill(where, kill))
        // Each child went on after the writes the ones before announced: none applied twice.
        const announced = runs.filter((r) => r.length > 0)
        assert.ok(announced.length >= 3, 'most children committed writes before they were killed')
        for (let k = 1; k < announced.length; k++) assert.ok(announced[k]![0]!.first > announced[k - 1]!.at(-1)!.last, `a child started at block ${announced[k]![0]!.first}, after ${announced[k - 1]!.at(-1)!.last}`)

        // The database as the last kill left it, read directly, before any index opens it again.
        const database = await openIndexDatabase({ location: where.database, schema: where.schema })
        try {
          const row = await database.db.selectFrom('meta').select('value').where('key', '=', 'cursor').executeTakeFirstOrThrow()
          const cursor = JSON.parse(row.value) as { number: number; hash: string }
          const lastAnnounced = Math.max(...runs.flat().map((b) => b.last))
          assert.ok(cursor.number >= lastAnnounced, `the cursor ${cursor.number} is behind block ${lastAnnounced}, announced as written`)
          assert.ok(cursor.number < h.lastBlock - REORG_DEPTH, `the cursor ${cursor.number} is not mid catch-up (history to ${h.lastBlock})`)
          assert.equal(cursor.hash, (await chain.publicClient.getBlock({ blockNumber: BigInt(cursor.number) })).hash)

          // (a) Up to the cursor, every block's events are the chain's logs of it; beyond it, nothing.
          const stored = await database.db.selectFrom('events').selectAll().orderBy('block').orderBy('log_index').execute()
          const expected = logs.filter((l) => Number(l.blockNumber) <= cursor.number)
          assert.ok(expected.length > 1000, `${expected.length} events up to the cursor`)
          assert.equal(stored.length, expected.length, `events stored up to block ${cursor.number}`)
          assert.deepEqual(stored.map(rowKey), expected.map(logKey))
          for (const t of ['events', 'battery_events', 'ledger'] as const) {
            const beyond = await database.db.selectFrom(t).select('block').where('block', '>', cursor.number).execute()
            assert.deepEqual(beyond, [], `${t} rows beyond the cursor ${cursor.number}`)
          }

          // The other tables are what one write of the same logs makes: no block's changes half applied.
          const reference = await openIndexDatabase({ location: where.database, schema: `${where.schema}_ref` })
          try {
            const writer = await createIndexWriter({ database: reference, deployment: chain.deployment, reorgDepth: REORG_DEPTH, reset: () => {} })
            await writer.applyFinal([...expected], { number: cursor.number, hash: cursor.hash as `0x${string}` }, () => undefined)
            const [got, want] = [await tables(database.db), await tables(reference.db)]
            for (const t of TABLES) assert.deepEqual(got[t], want[t], `table ${t} at block ${cursor.number}`)
          } finally {
            await reference.close()
          }
        } finally {
          await database.close()
        }
      })

      test('test_killedIndex_caughtUp_answersEveryQueryAsAFreshIndex', async () => {
        assert.ok(where, 'the kills ran')
        const recovered: ChainIndex = await createChainIndex({ publicClient: chain.publicClient, deployment: chain.deployment, ...where, chunkSize: CHUNK, reorgDepth: REORG_DEPTH, pollIntervalMs: 50 })
        opened.push(recovered)
        await recovered.ready
        assert.equal(recovered.head(), h.lastBlock)
        const fresh: ChainIndex = await createChainIndex({ publicClient: chain.publicClient, deployment: chain.deployment, ...(await testIndex(engine)), pollIntervalMs: 50 })
        opened.push(fresh)
        await fresh.ready
        assert.equal(fresh.head(), h.lastBlock)

        const got = await snapshotIndex(recovered, { alsoLedgers: [chain.deployment.batteryInterface] })
        const want = await snapshotIndex(fresh, { alsoLedgers: [chain.deployment.batteryInterface] })
        assert.equal(got.events.length, logs.length)
        assert.equal(got.swaps.length, h.swaps)
        assert.equal(got.batteries.length, h.batteryIds.length)
        for (const k of Object.keys(want) as (keyof typeof want)[]) assert.deepEqual(got[k], want[k], k)
        // And what they agree on is the chain's: every account's balance.
        for (const a of got.accounts) {
          const onChain = await chain.publicClient.readContract({ address: chain.deployment.balanceProcess, abi: balanceProcessAbi, functionName: 'balanceOf', args: [a.address] })
          assert.equal(a.balance, onChain, `balance of ${a.address}`)
          assert.equal(got.ledgers[a.address]![0]?.balanceAfter ?? 0n, onChain, `ledger of ${a.address}`)
        }
      })
    })

  // The embedded demo runs several stations in one process on one PGlite folder (openPglite shares one
  // PGlite among them), each with its own Kysely. One station's write must stay its own: a kill in the middle
  // of it leaves nothing of it, whatever another station commits meanwhile; a failed one does not fail another.
  test('test_twoStationsOnOnePgliteFolder_killedMidWriteOfOne_whileTheOtherWrites_leavesNothingOfTheUnfinishedWrite', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'evswap-index-shared-'))
    try {
      const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'test/helpers/indexSharedPgliteChild.ts'), folder], { cwd: ROOT, stdio: ['pipe', 'pipe', 'pipe'] })
      const closed = once(child, 'close') as Promise<[number | null, NodeJS.Signals | null]>
      let stderr = ''
      child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk))
      let said: string | undefined
      try {
        for await (const line of createInterface({ input: child.stdout })) {
          said = line
          break
        }
      } finally {
        child.kill('SIGKILL')
      }
      const [, signal] = await closed
      assert.ok(said === 'b committed' || said === 'b waits', `the child said ${said}:\n${stderr}`)
      assert.equal(signal, 'SIGKILL')

      const a = await openIndexDatabase({ location: folder, schema: 'station_a' })
      const b = await openIndexDatabase({ location: folder, schema: 'station_b' })
      try {
        // B's write is there if it committed, not if it waited for A's (killed before its turn).
        assert.deepEqual((await b.db.selectFrom('events').select('block').execute()).map((r) => Number(r.block)), said === 'b committed' ? [3] : [], "station B's write")
        assert.deepEqual(await a.db.selectFrom('meta').select('value').where('key', '=', 'cursor').execute(), [], "station A's cursor, from a write killed before it finished")
        assert.deepEqual(await a.db.selectFrom('events').select('block').execute(), [], "station A's event, from a write killed before it finished")
      } finally {
        await a.close()
        await b.close()
      }
    } finally {
      rmSync(folder, { recursive: true, force: true })
    }
  })

  test('test_twoStationsOnOnePgliteFolder_oneWriteFailsWhileTheOtherWrites_theOtherCommitsAndTheFailedLeavesNothing', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'evswap-index-shared-'))
    const a = await openIndexDatabase({ location: folder, schema: 'station_a' })
    const b = await openIndexDatabase({ location: folder, schema: 'station_b' })
    try {
      const writerOf = (database: IndexDatabase) => createIndexWriter({ database, deployment: chain.deployment, reorgDepth: REORG_DEPTH, reset: () => {} })
      const [writerA, writerB] = [await writerOf(a), await writerOf(b)]
      const to = Number(logs[200]!.blockNumber)
      const first = logs.filter((l) => Number(l.blockNumber) <= to)
      const block = await chain.publicClient.getBlock({ blockNumber: BigInt(to) })
      // Station A's batch holds a log twice, so its write fails at the events' primary key, after its
      // other rows: its transaction rolls back. Station B writes the same blocks at the same time.
      const [resultA, resultB] = await Promise.allSettled([
        writerA.applyFinal([...first, first[0]!], { number: to, hash: block.hash }, () => undefined),
        writerB.applyFinal([...first], { number: to, hash: block.hash }, () => undefined),
      ])
      assert.equal(resultA.status, 'rejected')
      assert.equal(resultB.status, 'fulfilled', `station B's write failed with station A's: ${resultB.status === 'rejected' ? String(resultB.reason) : ''}`)
      assert.equal(await writerB.cursor().then((c) => c?.number), to)
      assert.equal((await b.db.selectFrom('events').select('block').execute()).length, first.length, "station B's committed write is all there")
      assert.equal(await writerA.cursor(), undefined, "station A's failed write moved its cursor")
      for (const t of ['events', 'balances', 'batteries', 'accounts', 'ledger'] as const)
        assert.deepEqual(await a.db.selectFrom(t).selectAll().execute(), [], `station A's failed write left rows in ${t}`)
    } finally {
      await a.close()
      await b.close()
      rmSync(folder, { recursive: true, force: true })
    }
  })
})
