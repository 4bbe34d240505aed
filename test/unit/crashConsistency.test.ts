// Kills a process doing battery file writes and outbox put/update/remove with SIGKILL at random moments,
// over and over in the same folder, and checks after each kill that storage is consistent: every battery
// file parses (never half-written) and holds an acknowledged or begun value; every acknowledged put is
// there unless its removal began; no removed entry comes back; nothing appears that was never begun; no
// entry is duplicated or corrupt. SIGKILL is not a power cut (the page cache survives it), so this checks
// the write protocol (temp file, rename, no in-place writes), not the fsyncs; those are the OS's part.
import assert from 'node:assert/strict'
import { spawn } from 'node:child_process'
import { mkdir, mkdtemp, readdir, rm, unlink } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, test } from 'node:test'
import { isAtomicTempFile } from '../../src/shared/fs/atomicTempName.js'
import { openOutbox, type OutboxCorruptFile } from '../../src/thin/outbox/openOutbox.js'
import { BATTERY_FILE_NAME } from '../../src/thin/usb/batteryRecord.js'
import { readBatteryFile } from '../../src/thin/usb/readBatteryFile.js'
import { writeBatteryFile } from '../../src/thin/usb/writeBatteryFile.js'
import { ensureBuilt, ROOT } from '../helpers/ensureBuilt.js'
import { FIG6_RECORD } from '../helpers/fig6Battery.js'

const ITERATIONS = Number(process.env.CRASH_ITERATIONS ?? 1000)
/** Two lanes (own folder each) keep both cores busy: one child starts while the other is being checked. */
const LANES = 2
const BATTERIES = 3
const SEED = 0x5eed2018
const CHILD = join(ROOT, 'test/helpers/crashChild.mjs')

function mulberry32(seed: number): () => number {
  let s = seed >>> 0
  return () => {
    s = (s + 0x6d2b79f5) >>> 0
    let t = s
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

type Totals = { iterations: number; files: number; entries: number; acks: number; killedBeforeReady: number; leftoverTemps: number }

/** Runs one child, kills it after `delayMs` (counted from "ready", or from spawn if `early`), returns its lines. */
function runChild(dir: string, iteration: number, seed: number, delayMs: number, early: boolean): Promise<{ lines: string[]; ready: boolean; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CHILD, dir, String(iteration), String(seed)], { stdio: ['ignore', 'pipe', 'pipe'] })
    let out = ''
    let stderr = ''
    let ready = false
    let timer: NodeJS.Timeout | undefined
    const kill = () => {
      timer ??= setTimeout(() => child.kill('SIGKILL'), delayMs)
    }
    if (early) kill()
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      out += chunk
      if (!ready && out.includes('ready\n')) {
        ready = true
        kill()
      }
    })
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk))
    child.on('error', reject)
    child.on('close', (code, signal) => {
      clearTimeout(timer)
      if (signal !== 'SIGKILL') reject(new Error(`child ended by itself (code ${code}, signal ${signal}):\n${stderr}`))
      else resolve({ lines: out.split('\n').filter((l, i, all) => i < all.length - 1 || l !== ''), ready, stderr })
    })
  })
}

/** One lane: a folder, a model of what must be in it, and `ITERATIONS / LANES` kills. */
async function lane(dir: string, first: number, count: number, random: () => number, totals: Totals, stop: { now: boolean }): Promise<void> {
  for (let i = 0; i < BATTERIES; i++) {
    await mkdir(join(dir, 'slot', `b${i}`), { recursive: true })
    writeBatteryFile(join(dir, 'slot', `b${i}`, BATTERY_FILE_NAME), { ...FIG6_RECORD, dynamicInfo: { ...FIG6_RECORD.dynamicInfo, chargingCount: 0 } })
  }
  /** What storage held after the last check: outbox id -> sent?, and each battery's charging count. */
  let present = new Map<string, boolean>()
  const charged = Array.from({ length: BATTERIES }, () => 0)

  for (let iteration = first; iteration < first + count && !stop.now; iteration++) {
    // Mostly a few ms into the work; one in five counted from spawn, so some kills land in start-up
    // (opening the outbox, deleting leftover temp files).
    const early = random() < 0.2
    const delay = early ? Math.floor(random() * 80) : Math.floor(random() * 20)
    const { lines, ready, stderr } = await runChild(dir, iteration, Math.floor(random() * 2 ** 32), delay, early)
    const where = `iteration ${iteration} (${early ? `${delay} ms after spawn` : `${delay} ms after ready`})`
    assert.equal(stderr, '', `${where}: child wrote to stderr`)
    if (!ready) totals.killedBeforeReady++

    const begun = { put: new Set<string>(), update: new Set<string>(), remove: new Set<string>() }
    const acked = { put: new Set<string>(), update: new Set<string>(), remove: new Set<string>() }
    const batteryBegun = Array.from({ length: BATTERIES }, () => new Set<number>())
    const batteryAcked = [...charged]
    for (const line of lines) {
      const [word, what, id, value] = line.split(' ')
      if (word === 'corrupt') assert.fail(`${where}: the child found a corrupt outbox file: ${line}`)
      if (word !== 'begin' && word !== 'ack') continue
      if (word === 'ack') totals.acks++
      if (what === 'battery') {
        if (word === 'begin') batteryBegun[Number(id)]!.add(Number(value))
        else batteryAcked[Number(id)] = Number(value)
      } else {
        ;(word === 'begin' ? begun : acked)[what as 'put' | 'update' | 'remove'].add(id!)
      }
    }

    for (let i = 0; i < BATTERIES; i++) {
      const folder = join(dir, 'slot', `b${i}`)
      const result = readBatteryFile(join(folder, BATTERY_FILE_NAME))
      if (!result.ok) assert.fail(`${where}: battery b${i} does not parse: ${JSON.stringify(result.errors)}`)
      const c = result.battery.dynamicInfo.chargingCount
      assert.ok(c >= batteryAcked[i]!, `${where}: battery b${i} lost an acknowledged write (${c} < ${batteryAcked[i]})`)
      assert.ok(c === charged[i] || batteryBegun[i]!.has(c), `${where}: battery b${i} holds ${c}, a value never written`)
      charged[i] = c
      totals.files++
      // Temp files of writes the kill interrupted: never the battery file; the agent may delete them.
      for (const name of await readdir(folder)) {
        if (name === BATTERY_FILE_NAME) continue
        assert.ok(isAtomicTempFile(name), `${where}: unexpected file ${name} in b${i}`)
        totals.leftoverTemps++
        await unlink(join(folder, name))
      }
    }

    const corrupt: OutboxCorruptFile[] = []
    const outbox = await openOutbox(join(dir, 'outbox'), { onCorrupt: (r) => corrupt.push(r) })
    const entries = await outbox.list()
    assert.deepEqual(corrupt, [], `${where}: corrupt outbox files`)
    const ids = entries.map((e) => e.id)
    assert.equal(new Set(ids).size, ids.length, `${where}: duplicated entries ${ids.join(' ')}`)
    const now = new Map(entries.map((e) => [e.id, e.state === 'sent']))
    for (const id of [...present.keys(), ...acked.put]) {
      if (!now.has(id)) assert.ok(begun.remove.has(id), `${where}: entry ${id} is gone but its removal never began`)
    }
    for (const id of acked.remove) assert.ok(!now.has(id), `${where}: removed entry ${id} came back`)
    for (const [id, sent] of now) {
      assert.ok(present.has(id) || begun.put.has(id), `${where}: entry ${id} appeared but was never put`)
      if (acked.update.has(id) || present.get(id)) assert.ok(sent, `${where}: entry ${id} lost an acknowledged update`)
      if (sent) assert.ok(present.get(id) || begun.update.has(id), `${where}: entry ${id} is sent but was never updated`)
      const entry = entries.find((e) => e.id === id)!
      assert.equal(typeof (entry.payload as { nonce: unknown }).nonce, 'bigint', `${where}: entry ${id} lost its bigint`)
    }
    totals.entries += entries.length
    present = now
    totals.iterations++
  }
}

let root: string
before(async () => {
  await ensureBuilt(['src/thin/usb', 'src/shared/fs', 'src/thin/outbox'])
  root = await mkdtemp(join(tmpdir(), 'evswap-crash-'))
})
after(async () => {
  await rm(root, { recursive: true, force: true })
})

test(`test_crash_sigkillAtRandomPoints_storageStaysConsistent (${ITERATIONS} kills)`, { timeout: 600_000 }, async (t) => {
  const totals: Totals = { iterations: 0, files: 0, entries: 0, acks: 0, killedBeforeReady: 0, leftoverTemps: 0 }
  const random = mulberry32(SEED)
  const per = Math.ceil(ITERATIONS / LANES)
  const started = Date.now()
  // On a failure the other lane stops too, and both are waited for, so no child outlives the test.
  const stop = { now: false }
  const results = await Promise.allSettled(Array.from({ length: LANES }, (_, l) => {
    const count = Math.min(per, ITERATIONS - l * per)
    // Each lane gets its own seeded stream, so a lane's sequence of delays does not depend on timing.
    return lane(join(root, `lane${l}`), l * per, count, mulberry32(Math.floor(random() * 2 ** 32)), totals, stop).catch((error: unknown) => {
      stop.now = true
      throw error
    })
  }))
  for (const r of results) if (r.status === 'rejected') throw r.reason
  const summary = `crash consistency: ${totals.iterations} iterations (${totals.killedBeforeReady} killed during start-up), ` +
    `${totals.files} battery files checked, ${totals.entries} outbox entries checked, ${totals.acks} acknowledged steps, ` +
    `${totals.leftoverTemps} interrupted temp files, ${((Date.now() - started) / 1000).toFixed(1)} s`
  t.diagnostic(summary)
  assert.equal(totals.iterations, ITERATIONS)
})
