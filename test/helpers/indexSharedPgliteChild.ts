// Two stations' index databases in one process on one PGlite folder, as the embedded demo runs them, to be
// killed with SIGKILL by test/unit/indexCrash.test.ts while station A's write is under way.
//
// usage: node --import tsx test/helpers/indexSharedPgliteChild.ts FOLDER
//
// Station A starts a block's write (one transaction, as createIndexWriter does): its event row and its
// cursor. Inside it, station B starts a write of its own; A's write then lets the event loop turn until B's
// write has committed (where nothing makes it wait for A's) or for 1000 turns (where it waits for A's, as it
// should), and prints "b committed" or "b waits". It is killed there, A's write unfinished: none of A's
// rows may be in the folder. It also ends when its standard input closes (the parent died).
import { writeSync } from 'node:fs'
import { openIndexDatabase } from '../../src/rich/store/openIndexDatabase.js'

const folder = process.argv[2]!
const say = (line: string) => writeSync(1, `${line}\n`)
process.stdin.on('end', () => process.exit(3)).resume()

const a = await openIndexDatabase({ location: folder, schema: 'station_a' })
const b = await openIndexDatabase({ location: folder, schema: 'station_b' })
const row = (block: number) => ({ block, log_index: 0, tx_hash: `0x${'11'.repeat(32)}`, address: `0x${'22'.repeat(20)}`, topics: `0x${'33'.repeat(32)}`, data: '0x', event: 'Unknown', time: 1 })

void a.db.transaction().execute(async (trx) => {
  await trx.insertInto('events').values(row(7)).execute()
  await trx.insertInto('meta').values({ key: 'cursor', value: JSON.stringify({ number: 7 }) }).execute()
  let committed = false
  void b.db
    .transaction()
    .execute(async (t) => {
      await t.insertInto('events').values(row(3)).execute()
      await t.insertInto('meta').values({ key: 'cursor', value: JSON.stringify({ number: 3 }) }).execute()
    })
    .then(() => (committed = true))
  // Turns of the event loop, not time: B's write, if it does not wait for A's, is done within a few.
  for (let turn = 0; turn < 1000 && !committed; turn++) await new Promise((resolve) => setImmediate(resolve))
  say(committed ? 'b committed' : 'b waits')
  await new Promise(() => {}) // A's next statement, which the kill never lets come
})
