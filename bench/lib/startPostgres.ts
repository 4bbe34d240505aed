import { execFile, execFileSync, spawn } from 'node:child_process'
import { once } from 'node:events'
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import pg from 'pg'

export type BenchPostgres = {
  /** `postgres://evswap@127.0.0.1:<port>/evswap`: trust auth, no password. */
  url: string
  /** The temp dir holding the cluster (`data/`) and the server's Unix socket; gone after `stop()`. */
  dir: string
  /** The postmaster's pid: its process tree is the server (processTreeMemory). */
  pid: number
  /** The server's version, e.g. "15.14". */
  version: string
  /** Fast shutdown (SIGINT), waits for the server to exit, removes its temp dir. Safe to call twice. */
  stop(): Promise<void>
}

const READY = 'database system is ready to accept connections'

/**
 * A throwaway PostgreSQL server for a benchmark run or a test file (test/helpers/startPostgres.ts uses it): Debian's `postgresql` binaries, a fresh cluster in a
 * temp dir, listening on 127.0.0.1 only at a free port, with an empty database `evswap`. Unlike the tests'
 * server, PostgreSQL's own defaults are kept (shared_buffers 128MB, fsync on) so that the figures are a
 * stock server's; `settings` adds `-c name=value` options. Under root (this machine, CI) initdb and
 * postgres run as Debian's `postgres` system user, as they refuse root. Fails (never skips) when the binaries
 * are missing. `holdProcess: false` lets the process exit while the server runs (it is stopped with it).
 *
 * @example
 * const db = await startPostgres()
 * onCleanup('postgres', () => db.stop())
 */
export async function startPostgres(settings: Record<string, string> = {}, o: { holdProcess?: boolean } = {}): Promise<BenchPostgres> {
  const bin = postgresBinDir()
  // Under root, the cluster belongs to `postgres`; spawn drops to it (and drops root's extra groups).
  const as = process.getuid?.() === 0 ? { uid: idOf('-u'), gid: idOf('-g') } : {}
  const dir = mkdtempSync(join(tmpdir(), 'evswap-pg-'))
  if (as.uid !== undefined) chownSync(dir, as.uid, as.gid)
  const data = join(dir, 'data')
  // C messages: the readiness line below must be in English whatever the machine's locale.
  const env = { ...process.env, LC_ALL: 'C', LANG: 'C' }

  try {
    // --no-sync: a test cluster that does not survive a machine crash is fine, and it saves seconds.
    await promisify(execFile)(join(bin, 'initdb'), ['-D', data, '-U', 'evswap', '-A', 'trust', '-E', 'UTF8', '--no-locale', '--no-sync'], { ...as, cwd: dir, env })
  } catch (e) {
    rmSync(dir, { recursive: true, force: true })
    throw new Error(`initdb failed in ${dir}: ${(e as { stderr?: string }).stderr ?? e}`)
  }

  const port = await freePort()
  // setpriv --pdeathsig: the kernel sends the server SIGINT (fast shutdown) when this process dies, even by
  // SIGKILL or a test runner's timeout, where no 'exit' handler runs. It is util-linux, Essential in Debian.
  const args = ['--pdeathsig', 'INT', '--', join(bin, 'postgres'), '-D', data, '-p', String(port), '-k', dir,
    '-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=50', ...Object.entries(settings).flatMap(([k, v]) => ['-c', `${k}=${v}`])]
  const child = spawn('setpriv', args, { ...as, cwd: dir, env, stdio: ['ignore', 'pipe', 'pipe'] })
  let output = ''
  // Not events.once: that rejects on a spawn 'error', which the readiness wait below reports instead.
  const exited = new Promise<[number | null, NodeJS.Signals | null]>((resolve) => child.once('exit', (code, signal) => resolve([code, signal])))
  const killOnExit = () => {
    child.kill('SIGQUIT') // immediate shutdown: an 'exit' handler cannot wait for a clean one
    try {
      rmSync(dir, { recursive: true, force: true })
    } catch {} // the dying server may still be writing; a leftover temp dir is all that costs
  }
  process.once('exit', killOnExit)

  let stopped: Promise<void> | undefined
  const stop = () =>
    (stopped ??= (async () => {
      process.off('exit', killOnExit)
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGINT') // fast shutdown: rolls back open transactions instead of waiting for clients
        await exited
      }
      rmSync(dir, { recursive: true, force: true })
    })())

  try {
    // Ready when the server says so on stderr; its exit or 30 s without the line fail with what it printed.
    let timer: NodeJS.Timeout | undefined
    await new Promise<void>((resolve, reject) => {
      timer = setTimeout(() => reject(new Error(`postgres not ready within 30 s:\n${output}`)), 30_000)
      const onData = (chunk: Buffer) => {
        output += chunk.toString()
        if (output.includes(READY)) resolve()
      }
      child.stdout.on('data', onData)
      child.stderr.on('data', onData)
      child.once('error', reject)
      void exited.then(([code, signal]) => reject(new Error(`postgres exited (${code ?? signal}) before it was ready:\n${output}`)))
    }).finally(() => {
      clearTimeout(timer)
      // Stop buffering (the server logs for as long as it runs) but keep draining: a full pipe would block it.
      child.stdout.removeAllListeners('data').resume()
      child.stderr.removeAllListeners('data').resume()
    })
    const admin = new pg.Client(`postgres://evswap@127.0.0.1:${port}/postgres`)
    await admin.connect()
    try {
      await admin.query('CREATE DATABASE evswap')
    } finally {
      await admin.end()
    }
  } catch (e) {
    await stop()
    throw e
  }
  const version = /\(PostgreSQL\) (\d+(\.\d+)?)/.exec(execFileSync(join(bin, 'postgres'), ['--version'], { encoding: 'utf8' }))?.[1] ?? 'unknown'
  if (o.holdProcess === false) {
    // A server shared by a whole test file goes when the process does (pdeathsig, the exit handler above);
    // it must not be what keeps the process from exiting once the tests are done.
    child.unref()
    for (const pipe of [child.stdout, child.stderr] as unknown as { unref(): void }[]) pipe.unref()
  }
  return { url: `postgres://evswap@127.0.0.1:${port}/evswap`, dir, pid: child.pid!, version, stop }
}

/** The newest /usr/lib/postgresql/<version>/bin that has a server, or an error that says what to install. */
function postgresBinDir(): string {
  const root = '/usr/lib/postgresql'
  const versions = existsSync(root) ? readdirSync(root).filter((v) => existsSync(join(root, v, 'bin', 'postgres'))) : []
  const newest = versions.sort((a, b) => Number(b) - Number(a))[0]
  if (!newest) throw new Error(`no PostgreSQL server under ${root}/<version>/bin: install Debian's postgresql package (apt-get install postgresql), as .ci/run does`)
  return join(root, newest, 'bin')
}

function idOf(flag: '-u' | '-g'): number {
  try {
    return Number(execFileSync('id', [flag, 'postgres'], { encoding: 'utf8' }).trim())
  } catch {
    throw new Error(`running as root, but there is no postgres user to run the server as: install Debian's postgresql package (apt-get install postgresql)`)
  }
}

/** A port the OS calls free on 127.0.0.1 (it could be taken again before postgres binds it; then start fails loudly). */
async function freePort(): Promise<number> {
  const server = createServer()
  server.listen(0, '127.0.0.1')
  await once(server, 'listening')
  const { port } = server.address() as { port: number }
  server.close()
  await once(server, 'close')
  return port
}
