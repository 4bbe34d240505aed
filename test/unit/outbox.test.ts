import assert from 'node:assert/strict'
import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, test } from 'node:test'
import { parseWithBigints, stringifyWithBigints } from '../../src/thin/outbox/bigintJson.js'
import { openOutbox, type OutboxCorruptFile } from '../../src/thin/outbox/openOutbox.js'
import { OutboxError } from '../../src/thin/outbox/OutboxError.js'

describe('outbox', () => {
  let root: string
  let n = 0
  const fresh = () => join(root, `outbox${n++}`)
  before(async () => {
    root = await mkdtemp(join(tmpdir(), 'evswap-outbox-'))
  })
  after(async () => {
    await rm(root, { recursive: true, force: true })
  })

  test('test_bigintJson_roundTrips', () => {
    const value = { nonce: 7n, big: 2n ** 255n, neg: -1n, list: [1n, 2, '3'], plain: { $bigint: 'not digits' }, n: 1 }
    const text = stringifyWithBigints(value)
    assert.match(text, /"nonce":\{"\$bigint":"7"\}/)
    assert.deepEqual(parseWithBigints(text), value)
  })

  test('test_put_list_oldestFirst_andBigintsRevived_acrossReopen', async () => {
    const dir = fresh()
    const outbox = await openOutbox(dir)
    await outbox.put({ id: 'late', kind: 'swap', createdAt: 2000, payload: { amount: 10n ** 30n } })
    await outbox.put({ id: 'b-tie', kind: 'charge', createdAt: 1000, payload: { n: 1 } })
    await outbox.put({ id: 'a-tie', kind: 'charge', createdAt: 1000, payload: { n: 2 } })
    const expectIds = ['b-tie', 'a-tie', 'late'] // ties keep put order, not id order
    assert.deepEqual((await outbox.list()).map((e) => e.id), expectIds)
    const reopened = await openOutbox(dir)
    const entries = await reopened.list()
    assert.deepEqual(entries.map((e) => e.id), expectIds)
    assert.deepEqual(entries[2], { id: 'late', kind: 'swap', createdAt: 2000, payload: { amount: 10n ** 30n } })
    assert.equal((await stat(join(dir, 'late.json'))).mode & 0o777, 0o600)
    // Put order survives the reopen: a new entry with an equal createdAt sorts after the old ones.
    await reopened.put({ id: '0-first-by-name', kind: 'charge', createdAt: 1000, payload: null })
    assert.deepEqual((await reopened.list()).map((e) => e.id), ['b-tie', 'a-tie', '0-first-by-name', 'late'])
  })

  test('test_update_mergesAndPersists_remove', async () => {
    const dir = fresh()
    const outbox = await openOutbox(dir)
    await outbox.put({ id: 'r1', kind: 'swap', createdAt: 1, payload: { nonce: 1n } })
    const updated = await outbox.update('r1', { state: 'sent', txHash: '0xabc' })
    assert.deepEqual(updated, { id: 'r1', kind: 'swap', createdAt: 1, payload: { nonce: 1n }, state: 'sent', txHash: '0xabc' })
    assert.deepEqual(await (await openOutbox(dir)).get('r1'), updated)
    await outbox.update('r1', { payload: { nonce: 2n, signed: undefined } })
    assert.deepEqual((await outbox.get('r1'))?.payload, { nonce: 2n })
    assert.equal(await outbox.remove('r1'), true)
    assert.equal(await outbox.remove('r1'), false)
    assert.deepEqual(await outbox.list(), [])
    assert.deepEqual(await readdir(dir), [])
  })

  test('test_concurrentUpdates_loseNothing', async () => {
    const outbox = await openOutbox(fresh())
    await outbox.put({ id: 'r', kind: 'k', createdAt: 1, payload: {} })
    await Promise.all([outbox.update('r', { a: 1 }), outbox.update('r', { b: 2 }), outbox.update('r', { state: 'sent' })])
    assert.deepEqual(await outbox.get('r'), { id: 'r', kind: 'k', createdAt: 1, payload: {}, a: 1, b: 2, state: 'sent' })
  })

  test('test_RevertWhen_misused', async () => {
    const outbox = await openOutbox(fresh())
    await outbox.put({ id: 'r', kind: 'k', createdAt: 1, payload: {} })
    const isOutboxError = (pattern: RegExp) => (e: Error) => e instanceof OutboxError && pattern.test(e.message)
    await assert.rejects(outbox.put({ id: 'r', kind: 'k', createdAt: 2, payload: {} }), isOutboxError(/already holds an entry "r"; use update\(\)/))
    await assert.rejects(outbox.update('nope', { state: 'sent' }), isOutboxError(/no entry "nope" to update/))
    for (const id of ['../escape', '.hidden', '', 'a/b', 'x'.repeat(129)]) {
      await assert.rejects(outbox.put({ id, kind: 'k', createdAt: 1, payload: {} }), isOutboxError(/is not usable as a file name/), id)
    }
    await assert.rejects(outbox.put({ id: 'c', kind: 'k', createdAt: Number.NaN, payload: {} }), isOutboxError(/createdAt must be a finite number/))
    assert.deepEqual((await outbox.list()).map((e) => e.id), ['r'], 'failed calls change nothing and do not block later ones')
  })

  test('test_corruptFilesMovedAsideAndReported_tempFilesCleaned', async () => {
    const dir = fresh()
    const outbox = await openOutbox(dir)
    await outbox.put({ id: 'good', kind: 'k', createdAt: 1, payload: { x: 1n } })
    await writeFile(join(dir, 'truncated.json'), '{"version":1,"seq":2,"entry":{"id":"trunc')
    await writeFile(join(dir, 'renamed.json'), await readFile(join(dir, 'good.json')))
    await writeFile(join(dir, 'future.json'), JSON.stringify({ version: 9, seq: 3, entry: { id: 'future', kind: 'k', createdAt: 1 } }))
    await writeFile(join(dir, '.good.json.0123456789ab.tmp'), '{"version":1,') // an interrupted write
    await writeFile(join(dir, 'notes.txt'), 'not an entry, left alone')

    const reports: OutboxCorruptFile[] = []
    const reopened = await openOutbox(dir, { onCorrupt: (r) => reports.push(r) })
    assert.deepEqual((await reopened.list()).map((e) => e.id), ['good'])
    const why = Object.fromEntries(reports.map((r) => [r.file.slice(dir.length + 1), r.reason]))
    assert.match(why['truncated.json']!, /^not JSON/)
    assert.match(why['renamed.json']!, /entry id "good" does not match the file name/)
    assert.match(why['future.json']!, /unknown format version 9/)
    assert.equal(reopened.corrupt.length, 3)
    assert.deepEqual((await readdir(join(dir, 'corrupt'))).map((f) => f.replace(/\.\d+$/, '')).sort(), ['future.json', 'renamed.json', 'truncated.json'])
    assert.deepEqual((await readdir(dir)).sort(), ['corrupt', 'good.json', 'notes.txt'])
  })
})
