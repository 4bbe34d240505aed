import { cp, mkdir, mkdtemp, readdir, rename, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { PGlite } from '@electric-sql/pglite'
import { Kysely } from 'kysely'
import { PGliteDialect } from 'kysely-pglite-dialect'

/** One PGlite per folder in this process, shared by the stations that index into it (each in its own schema). */
const open = new Map<string, { db: Promise<Kysely<unknown>>; users: number }>()

/**
 * PGlite (Postgres compiled to WebAssembly) on a folder, shared: two instances must never open one folder,
 * and the embedded demo runs several stations in one process. They share one Kysely too: PGlite is one
 * Postgres session, and only one Kysely driver (its one connection, taken per transaction) keeps one
 * station's BEGIN … COMMIT from taking in another's statements. Each user calls `release` once; the last
 * closes it.
 *
 * A new folder starts as a copy of an empty database made once per machine in the temporary folder:
 * PGlite's initdb took 5.4 to 6.9 s and ~830 MB resident at its peak here, opening a copy 0.6 to 0.9 s.
 *
 * @example
 * const { db, release } = await openPglite('/var/lib/evswap/index')
 */
export async function openPglite(dir: string): Promise<{ db: Kysely<unknown>; release(): Promise<void> }> {
  let entry = open.get(dir)
  if (!entry) {
    entry = { db: startPglite(dir), users: 0 }
    open.set(dir, entry)
    entry.db.catch(() => open.delete(dir))
  }
  entry.users += 1
  const db = await entry.db
  let released = false
  return {
    db,
    async release() {
      if (released) return
      released = true
      entry.users -= 1
      if (entry.users > 0) return
      open.delete(dir)
      // The dialect's driver closes PGlite with it.
      await db.destroy()
    },
  }
}

async function startPglite(dir: string): Promise<Kysely<unknown>> {
  if (!(await hasFiles(dir))) await copyEmptyDatabase(dir)
  return new Kysely({ dialect: new PGliteDialect(await PGlite.create(dir)) })
}

async function copyEmptyDatabase(dir: string): Promise<void> {
  const template = join(tmpdir(), `evswap-pglite-${PGLITE_DATA_VERSION}`)
  if (!(await hasFiles(template))) {
    // Made beside it and renamed into place, so a process that dies half-way leaves no broken template.
    const making = await mkdtemp(`${template}-making-`)
    const db = await PGlite.create(making)
    await db.close()
    await rename(making, template).catch(() => rm(making, { recursive: true, force: true }))
  }
  await mkdir(dir, { recursive: true })
  await cp(template, dir, { recursive: true })
}

async function hasFiles(dir: string): Promise<boolean> {
  return (await readdir(dir).catch(() => [])).length > 0
}

/** The template folder's name changes with PGlite's data format (its Postgres major version). */
const PGLITE_DATA_VERSION = '0.4-pg17'
