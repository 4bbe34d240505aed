// A station's chain index catching up, to be killed with SIGKILL by test/unit/indexCrash.test.ts.
//
// usage: EVSWAP_INDEX_CHILD='{"url":…,"deployment":…,"database":…,"schema":…,"chunkSize":4,"reorgDepth":2}' \
//          node --import tsx test/helpers/indexCrashChild.ts
//
// Prints, one line each, written with writeSync so that a line printed is in the pipe even if the process
// dies on the next instruction:
//   open                          the database is open and migrated, the follower started
//   write                         a write's transaction has begun (printed inside it, before its statements)
//   batch FIRST LAST COUNT        a write committed: COUNT events of blocks FIRST..LAST ('chain' events)
//   head N                        the index caught up with block N ('head')
//   log LINE                      what the index logs
// It runs until killed, or until its standard input closes (the parent died).
import { writeSync } from 'node:fs'
import { Kysely, type Transaction } from 'kysely'
import { createPublicClient, http } from 'viem'
import { createChainIndex, type IndexedEvent } from '../../src/rich/events/createChainIndex.js'
import type { Deployment } from '../../src/sdk/deployment.js'

type ChildOptions = { url: string; deployment: Deployment; database: string; schema: string; chunkSize: number; reorgDepth: number }

const o = JSON.parse(process.env.EVSWAP_INDEX_CHILD ?? '') as ChildOptions
const say = (line: string) => writeSync(1, `${line}\n`)
process.stdin.on('end', () => process.exit(3)).resume()

// Every write of the index is one `db.transaction().execute(...)`: announced from inside it, so that a kill on
// that line lands in the middle of a write (a kill on a 'batch' line lands between two).
const transaction = Kysely.prototype.transaction
Kysely.prototype.transaction = function (this: Kysely<unknown>) {
  const builder = transaction.call(this)
  return new Proxy(builder, {
    get(target, key) {
      if (key === 'execute')
        return <T>(callback: (trx: Transaction<unknown>) => Promise<T>) =>
          target.execute((trx) => {
            say('write')
            return callback(trx)
          })
      const v: unknown = Reflect.get(target, key, target)
      return typeof v === 'function' ? v.bind(target) : v
    },
  })
} as typeof transaction

const publicClient = createPublicClient({ transport: http(o.url), pollingInterval: 50 })
const index = await createChainIndex({
  publicClient,
  deployment: o.deployment,
  database: o.database,
  schema: o.schema,
  chunkSize: o.chunkSize,
  reorgDepth: o.reorgDepth,
  pollIntervalMs: 50,
  log: (line) => say(`log ${line}`),
})
// The events of one write are emitted together, synchronously: a microtask after the first sees them all.
let batch: IndexedEvent[] = []
index.events.on('chain', (e: IndexedEvent) => {
  if (batch.length === 0)
    queueMicrotask(() => {
      say(`batch ${batch[0]!.blockNumber} ${batch.at(-1)!.blockNumber} ${batch.length}`)
      batch = []
    })
  batch.push(e)
})
index.events.on('head', (head: number) => say(`head ${head}`))
say('open')
index.ready.catch((e: unknown) => {
  say(`failed ${e instanceof Error ? e.stack : String(e)}`)
  process.exit(2)
})
