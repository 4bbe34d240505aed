import { mkdir, readdir, readFile, rename, unlink } from 'node:fs/promises'
import { join } from 'node:path'
import { isAtomicTempFile } from '../../shared/fs/atomicTempName.js'
import { fsyncDirectory } from '../../shared/fs/fsyncDirectory.js'
import { writeFileAtomic } from '../../shared/fs/writeFileAtomic.js'
import { parseWithBigints, stringifyWithBigints } from './bigintJson.js'
import { OutboxError } from './OutboxError.js'

/** One queued request. `payload` may hold bigints; extra fields (state, txHash...) come from `update`. */
export type OutboxEntry<P = unknown> = {
  id: string
  /** What the request does, e.g. `registerBattery`; for logs and the local UI. */
  kind: string
  /** Milliseconds since the epoch; `list()` is ordered by it. */
  createdAt: number
  payload: P
  /** Where the request stands, as the caller tracks it, e.g. `'sent'`. */
  state?: string
  txHash?: string
  [field: string]: unknown
}

/** Fields `update` may change: anything but the id. */
export type OutboxPatch = Partial<Omit<OutboxEntry, 'id'>>

/** A file that could not be read as an entry, and where it was moved. */
export type OutboxCorruptFile = { file: string; movedTo: string; reason: string }

/** A durable queue of requests, one file per entry. Every method resolves only once the change is on disk. */
export interface Outbox {
  readonly dir: string
  /** Adds an entry. Throws `OutboxError` if the id is taken or unusable as a file name. */
  put(entry: OutboxEntry): Promise<void>
  /** All entries, oldest first (by `createdAt`, then by order of `put`). */
  list(): Promise<OutboxEntry[]>
  get(id: string): Promise<OutboxEntry | undefined>
  /** Merges `patch` into an entry and returns the result. Throws `OutboxError` for an unknown id. */
  update(id: string, patch: OutboxPatch): Promise<OutboxEntry>
  /** Deletes an entry; false if there was none. */
  remove(id: string): Promise<boolean>
  /** Files moved to `<dir>/corrupt/` since open, with why. */
  readonly corrupt: readonly OutboxCorruptFile[]
}

export type OpenOutboxOptions = {
  /** Told about each file moved aside; by default a line on stderr. */
  onCorrupt?: (report: OutboxCorruptFile) => void
}

const ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/
const FORMAT_VERSION = 1
type StoredEntry = { version: number; seq: number; entry: OutboxEntry }

/**
 * Opens (creating if needed) the outbox in `dir`: one JSON file per entry, each written atomically (temp
 * file, fsync, rename, fsync folder), so a power cut leaves every entry either fully there or not there, and
 * an entry a caller saw `put` survives. Leftover temp files from an interrupted write are deleted; a file
 * that does not parse (it should never exist, but disks fail) is moved to `<dir>/corrupt/` and reported,
 * never thrown. Operations are serialized, so concurrent calls cannot lose each other's updates. One
 * process per folder.
 *
 * @example
 * const outbox = await openOutbox('/var/lib/evswap/outbox')
 * await outbox.put({ id: 'r1', kind: 'swap', createdAt: Date.now(), payload: { nonce: 7n } })
 * await outbox.update('r1', { state: 'sent', txHash })
 * await outbox.remove('r1') // once the receipt is seen
 */
export async function openOutbox(dir: string, options: OpenOutboxOptions = {}): Promise<Outbox> {
  await mkdir(dir, { recursive: true, mode: 0o700 })
  for (const name of await readdir(dir)) {
    if (isAtomicTempFile(name)) await unlink(join(dir, name)).catch(() => undefined)
  }
  const corrupt: OutboxCorruptFile[] = []
  const onCorrupt = options.onCorrupt ?? ((r: OutboxCorruptFile) => process.stderr.write(`outbox: moved unreadable ${r.file} to ${r.movedTo} (${r.reason})\n`))
  let queue: Promise<unknown> = Promise.resolve()
  /** Runs `op` after every earlier operation, whatever their outcome. */
  const serial = <T>(op: () => Promise<T>): Promise<T> => {
    const run = queue.then(op, op)
    queue = run.catch(() => undefined)
    return run
  }
  const fileOf = (id: string) => join(dir, `${id}.json`)

  async function moveAside(name: string, reason: string): Promise<void> {
    const corruptDir = join(dir, 'corrupt')
    await mkdir(corruptDir, { recursive: true, mode: 0o700 })
    const movedTo = join(corruptDir, `${name}.${Date.now()}`)
    try {
      await rename(join(dir, name), movedTo)
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return
      throw error
    }
    await fsyncDirectory(dir)
    const report = { file: join(dir, name), movedTo, reason }
    corrupt.push(report)
    onCorrupt(report)
  }

  /** Reads one entry file; `undefined` if it is gone or was corrupt (and is now moved aside). */
  async function load(name: string): Promise<StoredEntry | undefined> {
    let text: string
    try {
      text = await readFile(join(dir, name), 'utf8')
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined
      throw error
    }
    const problem = checkStored(text, name.slice(0, -'.json'.length))
    if (typeof problem === 'string') {
      await moveAside(name, problem)
      return undefined
    }
    return problem
  }

  async function loadAll(): Promise<StoredEntry[]> {
    const stored: StoredEntry[] = []
    for (const name of await readdir(dir)) {
      if (!name.endsWith('.json') || name.startsWith('.')) continue
      const s = await load(name)
      if (s) stored.push(s)
    }
    return stored.sort((a, b) => a.entry.createdAt - b.entry.createdAt || a.seq - b.seq)
  }

  let nextSeq = 1 + Math.max(0, ...(await loadAll()).map((s) => s.seq))

  const write = (s: StoredEntry) => writeFileAtomic(fileOf(s.entry.id), `${stringifyWithBigints(s)}\n`, { mode: 0o600 })

  return {
    dir,
    corrupt,
    put: (entry) =>
      serial(async () => {
        checkEntry(entry)
        if (await load(`${entry.id}.json`)) throw new OutboxError(`outbox already holds an entry "${entry.id}"; use update() to change it, or a new id`)
        await write({ version: FORMAT_VERSION, seq: nextSeq++, entry: { ...entry } })
      }),
    list: () => serial(async () => (await loadAll()).map((s) => s.entry)),
    get: (id) => serial(async () => (ID.test(id) ? (await load(`${id}.json`))?.entry : undefined)),
    update: (id, patch) =>
      serial(async () => {
        const s = ID.test(id) ? await load(`${id}.json`) : undefined
        if (!s) throw new OutboxError(`outbox has no entry "${id}" to update; it was removed, or never put`)
        const entry: OutboxEntry = { ...s.entry, ...patch, id }
        checkEntry(entry)
        await write({ ...s, entry })
        return entry
      }),
    remove: (id) =>
      serial(async () => {
        if (!ID.test(id)) return false
        try {
          await unlink(fileOf(id))
        } catch (error) {
          if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false
          throw error
        }
        await fsyncDirectory(dir)
        return true
      }),
  }
}

function checkEntry(entry: OutboxEntry): void {
  if (typeof entry.id !== 'string' || !ID.test(entry.id)) {
    throw new OutboxError(`outbox id ${JSON.stringify(entry.id)} is not usable as a file name; use 1-128 letters, digits, ".", "_" or "-", starting with a letter or digit`)
  }
  if (typeof entry.kind !== 'string') throw new OutboxError(`outbox entry "${entry.id}": kind must be a string`)
  if (typeof entry.createdAt !== 'number' || !Number.isFinite(entry.createdAt)) {
    throw new OutboxError(`outbox entry "${entry.id}": createdAt must be a finite number (milliseconds, e.g. Date.now())`)
  }
}

/** The stored entry, or why the file is not one. */
function checkStored(text: string, id: string): StoredEntry | string {
  let value: unknown
  try {
    value = parseWithBigints(text)
  } catch (error) {
    return `not JSON: ${(error as Error).message}`
  }
  const s = value as Partial<StoredEntry> | null
  if (typeof s !== 'object' || s === null) return 'not an object'
  if (s.version !== FORMAT_VERSION) return `unknown format version ${JSON.stringify(s.version)}`
  if (typeof s.seq !== 'number') return 'no sequence number'
  const e = s.entry
  if (typeof e !== 'object' || e === null) return 'no entry'
  if (e.id !== id) return `entry id ${JSON.stringify(e.id)} does not match the file name`
  if (typeof e.kind !== 'string' || typeof e.createdAt !== 'number') return 'entry lacks kind or createdAt'
  return s as StoredEntry
}
