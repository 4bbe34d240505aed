import { createHash } from 'node:crypto'
import { closeSync, openSync, readSync, readdirSync, statSync, watch, type FSWatcher } from 'node:fs'
import { EventEmitter } from 'node:events'
import { dirname, join } from 'node:path'
import { MAX_BATTERY_FILE_BYTES } from './batteryRecord.js'
import { scanUsbFolders, type UsbBattery, type UsbFolders } from './scanUsbFolders.js'

/** One battery appearing, disappearing or having its file's content change. */
export type UsbSlotEvent = UsbBattery & { type: 'inserted' | 'removed' | 'changed' }

export type UsbSlotWatcherEvents = {
  inserted: [UsbSlotEvent]
  removed: [UsbSlotEvent]
  changed: [UsbSlotEvent]
  /** Every event above, for callers that just re-check everything. */
  change: [UsbSlotEvent]
  /**
   * The folders in the slots that hold no battery file changed (one appeared, got its file, or went): the list
   * now. Not part of `change`, which is about batteries.
   */
  empty: [string[]]
  /** Something could not be watched; the periodic rescan still covers it. Never `error`, so it cannot crash. */
  warning: [Error]
}

/** A running watcher; stop it with `close()`. */
export interface UsbSlotWatcher extends EventEmitter<UsbSlotWatcherEvents> {
  /** The batteries present as of the last scan. */
  batteries(): UsbBattery[]
  /** The folders without a battery file as of the last scan (see `scanUsbFolders`). */
  emptyFolders(): string[]
  /**
   * Rescans now (events are emitted before it returns) and answers what it found: a caller that acts on that
   * scan makes it the baseline, so whatever changes after it is reported. Otherwise changes trigger it.
   */
  rescan(): UsbFolders
  /**
   * Takes the file's current content as known, so a write the caller made itself is no `changed` event
   * (the caller already knows what it wrote). A file of a folder not seen yet is left to the next scan.
   */
  noteOwnWrite(file: string): void
  close(): void
}

export type WatchUsbSlotsOptions = {
  /** Quiet time after the last file system event before rescanning, so one copy is one event. Default 50 ms. */
  debounceMs?: number
  /**
   * Rescan this often regardless of events (0 = never). fs.watch misses events on some file systems (network
   * mounts, some FUSE drivers) and while a slot folder does not exist yet; this is the safety net. Default 2000.
   */
  pollMs?: number
  /** Emit `inserted` for the batteries already present at start. Default false: call `batteries()` instead. */
  emitInitial?: boolean
}

type Known = UsbBattery & { folderId: string; hash: string }

/**
 * Watches USB slots (see `scanUsbSlots` for what a slot holds) and emits `inserted`, `removed` and `changed`
 * per battery folder, plus `change` for any of them. Built on `fs.watch` of each slot and each immediate
 * subfolder, with a debounced rescan that compares folders (by inode, so a different disk put in the same
 * place is a removal and an insertion) and file contents (by hash, so an atomic rewrite with the same bytes
 * is no event). The baseline is scanned before this returns, so any change after the call is reported.
 *
 * @param onChange optional listener for `change`
 * @example
 * const watcher = watchUsbSlots(['/media/usb0'], (e) => console.log(e.type, e.folder))
 * watcher.on('inserted', (e) => readBatteryFile(e.file))
 * // later
 * watcher.close()
 */
export function watchUsbSlots(slots: readonly string[], onChange?: (event: UsbSlotEvent) => void, options: WatchUsbSlotsOptions = {}): UsbSlotWatcher {
  return new SlotWatcher(slots, onChange, options)
}

class SlotWatcher extends EventEmitter<UsbSlotWatcherEvents> implements UsbSlotWatcher {
  readonly #slots: readonly string[]
  readonly #debounceMs: number
  readonly #maxWaitMs: number
  #known = new Map<string, Known>()
  #empty: string[] = []
  #folders: UsbFolders = { batteries: [], empty: [] }
  /** Watched folders by path, with the folder identity the watch was made on. */
  #watchers = new Map<string, { id: string; watcher: FSWatcher }>()
  #timer: NodeJS.Timeout | undefined
  #firstEventAt = 0
  #poll: NodeJS.Timeout | undefined
  #closed = false

  constructor(slots: readonly string[], onChange: ((event: UsbSlotEvent) => void) | undefined, options: WatchUsbSlotsOptions) {
    super()
    this.#slots = [...slots]
    this.#debounceMs = options.debounceMs ?? 50
    // A file written in a steady trickle would postpone a pure debounce forever.
    this.#maxWaitMs = Math.max(this.#debounceMs * 10, 500)
    if (onChange) this.on('change', onChange)
    const initial = this.#scan()
    this.#updateWatches()
    if (options.emitInitial) {
      // Deferred so that listeners attached right after this call see the initial batteries.
      queueMicrotask(() => {
        if (this.#closed) return
        for (const b of initial.values()) this.#emit('inserted', b)
      })
    }
    this.#known = initial
    const pollMs = options.pollMs ?? 2000
    if (pollMs > 0) {
      this.#poll = setInterval(() => this.rescan(), pollMs)
      this.#poll.unref()
    }
  }

  emptyFolders(): string[] {
    return [...this.#empty]
  }

  batteries(): UsbBattery[] {
    return [...this.#known.values()].map(({ slot, folder, file }) => ({ slot, folder, file }))
  }

  rescan(): UsbFolders {
    if (this.#closed) return scanUsbFolders(this.#slots)
    if (this.#timer) clearTimeout(this.#timer)
    this.#timer = undefined
    this.#firstEventAt = 0
    const previousEmpty = this.#empty
    const next = this.#scan()
    this.#updateWatches()
    const previous = this.#known
    this.#known = next
    for (const [folder, old] of previous) {
      const now = next.get(folder)
      if (!now || now.folderId !== old.folderId) this.#emit('removed', old)
    }
    for (const [folder, now] of next) {
      const old = previous.get(folder)
      if (!old || old.folderId !== now.folderId) this.#emit('inserted', now)
      else if (old.hash !== now.hash) this.#emit('changed', now)
    }
    if (this.#empty.join('\0') !== previousEmpty.join('\0')) this.emit('empty', this.emptyFolders())
    return this.#folders
  }

  noteOwnWrite(file: string): void {
    for (const known of this.#known.values()) if (known.file === file) known.hash = hashFile(file)
  }

  close(): void {
    this.#closed = true
    if (this.#timer) clearTimeout(this.#timer)
    if (this.#poll) clearInterval(this.#poll)
    for (const { watcher } of this.#watchers.values()) watcher.close()
    this.#watchers.clear()
  }

  #emit(type: UsbSlotEvent['type'], battery: UsbBattery): void {
    const event: UsbSlotEvent = { type, slot: battery.slot, folder: battery.folder, file: battery.file }
    this.emit(type, event)
    this.emit('change', event)
  }

  #scan(): Map<string, Known> {
    const map = new Map<string, Known>()
    this.#folders = scanUsbFolders(this.#slots)
    const { batteries, empty } = this.#folders
    this.#empty = empty.map((e) => e.folder)
    for (const b of batteries) {
      const folderId = identity(b.folder)
      if (folderId) map.set(b.folder, { ...b, folderId, hash: hashFile(b.file) })
    }
    return map
  }

  /** A rescan soon: after `debounceMs` of quiet, or `maxWaitMs` after the first event at the latest. */
  #schedule = (): void => {
    if (this.#closed) return
    const now = Date.now()
    if (this.#firstEventAt === 0) this.#firstEventAt = now
    if (this.#timer) clearTimeout(this.#timer)
    const wait = Math.min(this.#debounceMs, Math.max(0, this.#firstEventAt + this.#maxWaitMs - now))
    this.#timer = setTimeout(() => this.rescan(), wait)
  }

  /**
   * Watches every slot and every immediate subfolder of a slot (not only battery folders: a folder moved in
   * before its file is written must be seen when the file arrives). A slot that does not exist yet is
   * watched through its parent, so mounting it is noticed.
   */
  #updateWatches(): void {
    const wanted = new Map<string, string>()
    for (const slot of this.#slots) {
      const id = identity(slot)
      if (!id) {
        const parent = dirname(slot)
        const parentId = identity(parent)
        if (parentId) wanted.set(parent, parentId)
        continue
      }
      wanted.set(slot, id)
      let names: string[] = []
      try {
        names = readdirSync(slot)
      } catch {
        // Unreadable slot: nothing inside can be watched; the poll covers it once it becomes readable.
      }
      for (const name of names) {
        if (name.startsWith('.')) continue
        const sub = join(slot, name)
        const subId = identity(sub)
        if (subId) wanted.set(sub, subId)
      }
    }
    for (const [path, entry] of this.#watchers) {
      if (wanted.get(path) !== entry.id) {
        entry.watcher.close()
        this.#watchers.delete(path)
      }
    }
    for (const [path, id] of wanted) {
      if (this.#watchers.has(path)) continue
      try {
        const watcher = watch(path, { persistent: false }, this.#schedule)
        watcher.on('error', (error) => {
          // Typically the folder went away; drop the watch and let a rescan decide what that means.
          watcher.close()
          if (this.#watchers.get(path)?.watcher === watcher) this.#watchers.delete(path)
          this.emit('warning', error)
          this.#schedule()
        })
        this.#watchers.set(path, { id, watcher })
      } catch (error) {
        this.emit('warning', error as Error)
      }
    }
  }
}

/** A folder's identity (device and inode), or undefined if it is not a folder now. */
function identity(path: string): string | undefined {
  try {
    const stat = statSync(path)
    return stat.isDirectory() ? `${stat.dev}:${stat.ino}` : undefined
  } catch {
    return undefined
  }
}

/** Content hash of a battery file; unreadable files hash to their error, so recovering is a change too. */
function hashFile(path: string): string {
  try {
    const fd = openSync(path, 'r')
    try {
      const buffer = Buffer.alloc(MAX_BATTERY_FILE_BYTES + 1)
      let length = 0
      for (;;) {
        const n = readSync(fd, buffer, length, buffer.length - length, null)
        if (n === 0 || (length += n) === buffer.length) break
      }
      return createHash('sha256').update(buffer.subarray(0, length)).digest('hex')
    } finally {
      closeSync(fd)
    }
  } catch (error) {
    return `error:${(error as NodeJS.ErrnoException).code ?? 'unknown'}`
  }
}
