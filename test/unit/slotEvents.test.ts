// A USB disk moved at a station reaches an EV's finder as it happens (issue 17: "it updates live from the
// station event streams"), on the demo's real stations and devices: each station streams its own swap
// interface's slots (`GET /api/station/slots/events`), follows its peer's, and passes both on as `slots` on
// its event stream; the EV's device turns them into the finder's `stations` event.
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { EventEmitter, once } from 'node:events'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { startDemo, type Demo } from '../../src/rich/startDemo.js'
import { readSse } from '../../src/thin/agent/readSse.js'
import { demoParts, type DemoParts } from '../helpers/demoParts.js'
import { freePortRange } from '../helpers/freePort.js'

let demo: Demo
let dir: string
let parts: DemoParts
const streams: AbortController[] = []

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'evswap-slots-'))
  const basePort = await freePortRange(5)
  demo = await startDemo({ dir, basePort, quiet: true, tls: false })
  parts = demoParts(demo, dir, basePort)
})
after(async () => {
  for (const s of streams) s.abort()
  await demo?.stop()
  rmSync(dir, { recursive: true, force: true })
})

type Received = { event: string; data: any } // eslint-disable-line @typescript-eslint/no-explicit-any -- checked field by field

/** A real SSE client on `url`: every event it received, and a way to wait for the next one that matches. */
function listen(url: string) {
  const got: Received[] = []
  const arrived = new EventEmitter()
  const abort = new AbortController()
  streams.push(abort)
  let open!: () => void
  const opened = new Promise<void>((res) => (open = res))
  void readSse(url, (event, data) => {
    got.push({ event, data: JSON.parse(data) })
    arrived.emit('event')
  }, abort.signal, { onOpen: () => open() }).catch(() => {})
  return {
    got,
    opened,
    /** The first event from index `from` on that matches, waiting for it (30 s at most). */
    async next(from: number, match: (r: Received) => boolean, what: string): Promise<Received> {
      const deadline = AbortSignal.timeout(30_000)
      for (;;) {
        const hit = got.slice(from).find(match)
        if (hit) return hit
        await once(arrived, 'event', { signal: deadline }).catch(() => assert.fail(`no ${what} within 30 s; received ${JSON.stringify(got)}`))
      }
    },
  }
}

const folders = (r: Received) => (r.data.slots as { folder: string }[]).map((s) => s.folder).sort()

test('a disk moved between stations: each streams its own slots, station 1 passes on both, and the EV finder hears of it', { timeout: 120_000 }, async () => {
  const own2 = listen(`${parts.station2}/api/station/slots/events`)
  const station1 = listen(`${parts.station1}/api/events?heads=false&slots=true`)
  const finder = listen(`${parts.ev}/api/device/stations/events?token=${parts.tokens.ev}`)
  await Promise.all([own2.opened, station1.opened, finder.opened])

  // At once: what station 2's swap interface has now.
  const first = await own2.next(0, (r) => r.event === 'slots', "station 2's slots")
  assert.equal(first.data.stationId, 2)
  assert.deepEqual(folders(first), ['CATL-1'])
  // The finder's stream says once that it opened (a reread); nothing else happens on the idle demo.
  await finder.next(0, (r) => r.event === 'stations', 'the opening reread')
  const [own2Seen, station1Seen, finderSeen] = [own2.got.length, station1.got.length, finder.got.length]

  await demo.moveUsb('CATL-1', 'station2', 'station1')

  const moved = await own2.next(own2Seen, (r) => r.event === 'slots', "station 2's slots after the move")
  assert.deepEqual([moved.data.stationId, folders(moved)], [2, []], 'its own stream: the disk left')
  // Station 1's stream carries its own change and its peer's, by station id.
  await station1.next(station1Seen, (r) => r.event === 'slots' && r.data.stationId === 2, "station 2's change on station 1's stream")
  await station1.next(station1Seen, (r) => r.event === 'slots' && r.data.stationId === 1, "station 1's own change on its stream")
  await finder.next(finderSeen, (r) => r.event === 'stations', "the finder's reread after the move")
  // And what the finder then reads says where the disk is.
  const stations = (await (await fetch(`${parts.station1}/api/stations`)).json()) as { stationId: number; slots: { folder: string }[] | null }[]
  assert.deepEqual(stations.map((s) => [s.stationId, s.slots?.map((x) => x.folder).sort()]), [
    [1, ['BYD-1', 'CATL-1', 'SUM-1']],
    [2, []],
  ])
  // A station's own stream never carries another station's slots: stations following each other do not echo.
  assert.deepEqual([...new Set(own2.got.map((r) => r.data.stationId))], [2])
  // Events without a change of slots (the station device's outbox, a check that finds the same) send nothing.
  await demo.devices.station2.device.agent.check()
  assert.equal(own2.got.filter((r) => r.event === 'slots').length, 2)
})
