// The device agent's USB glue (src/thin/agent/createUsbGlue.ts) on real folders with the real watcher: what a
// check scanned is the watcher's baseline, so a disk the check saw and that left before the watcher's own
// debounced rescan is still reported, and the alert raised for it can end.
import assert from 'node:assert/strict'
import { mkdirSync, mkdtempSync, rmSync, rmdirSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, test } from 'node:test'
import { createUsbGlue, type UsbGlue } from '../../src/thin/agent/createUsbGlue.js'

let dir: string
let glue: UsbGlue

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'evswap-glue-'))
  mkdirSync(join(dir, 'usb'))
})
afterEach(() => {
  glue?.stop()
  rmSync(dir, { recursive: true, force: true })
})

test('test_scan_folderSeenByACheckThenGone_isReportedAsAChange', async () => {
  let changes = 0
  let wake: () => void = () => {}
  const changed = new Promise<void>((res) => (wake = res))
  glue = createUsbGlue([join(dir, 'usb')])
  glue.watch(() => {
    changes++
    wake()
  })
  // In and out before the watcher's debounced rescan can run (all synchronous): only the check saw it.
  mkdirSync(join(dir, 'usb', 'EMPTY-1'))
  assert.deepEqual(glue.scan().empty.map((e) => e.folder), [join(dir, 'usb', 'EMPTY-1')])
  assert.equal(changes, 0, 'what the check itself scanned is no change to report back to it')
  rmdirSync(join(dir, 'usb', 'EMPTY-1'))
  // The watcher reports the removal (fs.watch, or its 2 s poll at the latest): the check runs again.
  // The watcher's handles do not keep the process alive; this timer does, until the answer or the limit.
  let timer: NodeJS.Timeout | undefined
  const limit = new Promise((_, rej) => (timer = setTimeout(() => rej(new Error('the removal of a folder the check saw was never reported')), 5000)))
  await Promise.race([changed, limit]).finally(() => clearTimeout(timer))
  assert.deepEqual(glue.scan().empty, [])
})
