import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { mkdir, mkdtemp, rename, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, test } from 'node:test'
import { BATTERY_FILE_NAME } from '../../src/thin/usb/batteryRecord.js'
import { scanUsbSlots } from '../../src/thin/usb/scanUsbSlots.js'
import { watchUsbSlots, type UsbSlotEvent, type UsbSlotWatcher } from '../../src/thin/usb/watchUsbSlots.js'
import { writeBatteryFile } from '../../src/thin/usb/writeBatteryFile.js'
import { FIG6_RECORD, FIG6_TEXT } from '../helpers/fig6Battery.js'

/** Queues a watcher's events so none is lost between awaits; `next()` fails after 5 s instead of hanging. */
function recorder(watcher: UsbSlotWatcher) {
  const queue: UsbSlotEvent[] = []
  const waiting: ((e: UsbSlotEvent) => void)[] = []
  watcher.on('change', (e) => {
    const w = waiting.shift()
    if (w) w(e)
    else queue.push(e)
  })
  return {
    next(): Promise<UsbSlotEvent> {
      const e = queue.shift()
      if (e) return Promise.resolve(e)
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('no USB slot event within 5 s')), 5000)
        waiting.push((ev) => {
          clearTimeout(timer)
          resolve(ev)
        })
      })
    },
    pending: () => queue.length,
  }
}

const brief = (e: UsbSlotEvent) => `${e.type} ${e.folder}`

describe('USB slots', () => {
  let root: string
  let n = 0
  /** A fresh folder per test: `outside` (the bench where disks wait) and `slot`. */
  const fresh = async () => {
    const base = join(root, `t${n++}`)
    await mkdir(join(base, 'outside'), { recursive: true })
    await mkdir(join(base, 'slot'), { recursive: true })
    return { base, outside: join(base, 'outside'), slot: join(base, 'slot') }
  }
  /** A simulated USB disk: a folder holding a battery file, made outside the slot. */
  const disk = async (where: string, name: string, text = FIG6_TEXT) => {
    await mkdir(join(where, name))
    await writeFile(join(where, name, BATTERY_FILE_NAME), text)
    return join(where, name)
  }

  /** A slot holding disks a and b, watched without polling; `a` is a's battery file. */
  const watchedPair = async () => {
    const { slot } = await fresh()
    await disk(slot, 'a')
    await disk(slot, 'b')
    const watcher = watchUsbSlots([slot], undefined, { pollMs: 0 })
    return { slot, watcher, events: recorder(watcher), a: join(slot, 'a', BATTERY_FILE_NAME) }
  }
  /** Changes b and expects that to be the next and only event: an earlier event would come before it. */
  const expectOnlyBChangeNext = async (slot: string, events: ReturnType<typeof recorder>) => {
    await writeFile(join(slot, 'b', BATTERY_FILE_NAME), FIG6_TEXT.replace('"SOC": "100"', '"SOC": "90"'))
    assert.equal(brief(await events.next()), `changed ${join(slot, 'b')}`)
    assert.equal(events.pending(), 0)
  }

  before(async () => {
    root = await mkdtemp(join(tmpdir(), 'evswap-usb-'))
  })
  after(async () => {
    await rm(root, { recursive: true, force: true })
  })

  test('test_scanUsbSlots_findsDirectAndSubfolderBatteries', async () => {
    const { base, slot } = await fresh()
    await disk(slot, 'b')
    await disk(slot, 'a')
    await mkdir(join(slot, 'empty'))
    await disk(slot, '.hidden')
    await writeFile(join(slot, 'stray.txt'), 'not a disk')
    const mounted = join(base, 'usb0')
    await mkdir(mounted)
    await writeFile(join(mounted, BATTERY_FILE_NAME), FIG6_TEXT)
    await disk(mounted, 'ignored') // a slot that is itself a battery is one battery
    const found = scanUsbSlots([slot, mounted, join(base, 'not-mounted')])
    assert.deepEqual(found, [
      { slot, folder: join(slot, 'a'), file: join(slot, 'a', BATTERY_FILE_NAME) },
      { slot, folder: join(slot, 'b'), file: join(slot, 'b', BATTERY_FILE_NAME) },
      { slot: mounted, folder: mounted, file: join(mounted, BATTERY_FILE_NAME) },
    ])
  })

  test('test_watch_diskMovedInEditedAndMovedOut', async () => {
    const { outside, slot } = await fresh()
    const watcher = watchUsbSlots([slot], undefined, { pollMs: 0 })
    try {
      const events = recorder(watcher)
      assert.deepEqual(watcher.batteries(), [])
      const a = await disk(outside, 'a')
      await rename(a, join(slot, 'a'))
      assert.equal(brief(await events.next()), `inserted ${join(slot, 'a')}`)
      assert.deepEqual(watcher.batteries().map((b) => b.folder), [join(slot, 'a')])

      writeBatteryFile(join(slot, 'a', BATTERY_FILE_NAME), { ...FIG6_RECORD, dynamicInfo: { ...FIG6_RECORD.dynamicInfo, socPermille: 500 } })
      assert.equal(brief(await events.next()), `changed ${join(slot, 'a')}`)

      await rename(join(slot, 'a'), join(outside, 'a'))
      const removed = await events.next()
      assert.equal(brief(removed), `removed ${join(slot, 'a')}`)
      assert.equal(removed.file, join(slot, 'a', BATTERY_FILE_NAME))
      assert.deepEqual(watcher.batteries(), [])
    } finally {
      watcher.close()
    }
  })

  test('test_watch_sameBytesRewritten_isNoEvent', async () => {
    const { slot, watcher, events, a } = await watchedPair()
    try {
      writeBatteryFile(a, FIG6_RECORD) // normalizes the layout: new bytes
      assert.equal(brief(await events.next()), `changed ${join(slot, 'a')}`)
      const bytes = readFileSync(a, 'utf8')
      writeBatteryFile(a, FIG6_RECORD) // a new file (new inode), same bytes
      assert.equal(readFileSync(a, 'utf8'), bytes)
      // Had the same-bytes rewrite made an event, it would come before b's.
      await expectOnlyBChangeNext(slot, events)
    } finally {
      watcher.close()
    }
  })

  test('test_watch_emptyFolderMovedInThenFileWritten_isInserted', async () => {
    const { outside, slot } = await fresh()
    const watcher = watchUsbSlots([slot], undefined, { pollMs: 0 })
    try {
      const events = recorder(watcher)
      await mkdir(join(outside, 'blank'))
      await rename(join(outside, 'blank'), join(slot, 'blank'))
      // The folder holds no battery yet, so no event; when its file arrives, it is a battery.
      await writeFile(join(slot, 'blank', BATTERY_FILE_NAME), FIG6_TEXT)
      assert.equal(brief(await events.next()), `inserted ${join(slot, 'blank')}`)
      await rm(join(slot, 'blank', BATTERY_FILE_NAME))
      assert.equal(brief(await events.next()), `removed ${join(slot, 'blank')}`)
    } finally {
      watcher.close()
    }
  })

  test('test_watch_otherDiskInSamePlace_isRemovedThenInserted', async () => {
    const { outside, slot } = await fresh()
    await disk(slot, 'bay')
    const other = await disk(outside, 'other')
    const watcher = watchUsbSlots([slot], undefined, { pollMs: 0 })
    try {
      const events = recorder(watcher)
      await rename(join(slot, 'bay'), join(outside, 'old'))
      await rename(other, join(slot, 'bay'))
      const seen = [brief(await events.next()), brief(await events.next())]
      assert.deepEqual(seen, [`removed ${join(slot, 'bay')}`, `inserted ${join(slot, 'bay')}`])
    } finally {
      watcher.close()
    }
  })

  test('test_watch_slotMountedLater_andSlotThatIsABattery', async () => {
    const { base, outside } = await fresh()
    const usb0 = join(base, 'usb0')
    const watcher = watchUsbSlots([usb0], undefined, { pollMs: 0 })
    try {
      const events = recorder(watcher)
      const stick = await disk(outside, 'stick')
      await rename(stick, usb0) // "mounting": the slot folder itself appears, holding the file
      assert.equal(brief(await events.next()), `inserted ${usb0}`)
      await writeFile(join(usb0, BATTERY_FILE_NAME), FIG6_TEXT.replace('"price": 164', '"price": 163'))
      assert.equal(brief(await events.next()), `changed ${usb0}`)
      await rename(usb0, join(outside, 'stick'))
      assert.equal(brief(await events.next()), `removed ${usb0}`)
    } finally {
      watcher.close()
    }
  })

  test('test_watch_emitInitialAndCallback', async () => {
    const { slot } = await fresh()
    await disk(slot, 'a')
    const seen: string[] = []
    let resolveFirst: () => void
    const first = new Promise<void>((r) => (resolveFirst = r))
    const watcher = watchUsbSlots([slot], (e) => {
      seen.push(brief(e))
      resolveFirst()
    }, { pollMs: 0, emitInitial: true })
    try {
      await first
      assert.deepEqual(seen, [`inserted ${join(slot, 'a')}`])
    } finally {
      watcher.close()
    }
  })

  test('test_watch_ownWriteNoted_isNoEvent_butALaterWriteIs', async () => {
    const { slot, watcher, events, a } = await watchedPair()
    try {
      writeBatteryFile(a, FIG6_RECORD) // new bytes, as the device agent's repair writes them
      watcher.noteOwnWrite(a)
      watcher.rescan()
      // Had the noted write made an event, it would come before b's.
      await expectOnlyBChangeNext(slot, events)
      // Someone else's write to the same file afterwards is a change again.
      await writeFile(a, FIG6_TEXT.replace('"SOC": "100"', '"SOC": "80"'))
      assert.equal(brief(await events.next()), `changed ${join(slot, 'a')}`)
    } finally {
      watcher.close()
    }
  })

  test('test_rescan_reportsBeforeReturning', async () => {
    const { outside, slot } = await fresh()
    const watcher = watchUsbSlots([slot], undefined, { pollMs: 0 })
    try {
      const seen: string[] = []
      watcher.on('inserted', (e) => seen.push(brief(e)))
      await rename(await disk(outside, 'p'), join(slot, 'p'))
      watcher.rescan() // what the periodic poll does where fs.watch gives no events
      assert.deepEqual(seen, [`inserted ${join(slot, 'p')}`])
    } finally {
      watcher.close()
    }
  })
})

