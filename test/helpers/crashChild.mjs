// A device's storage work in a loop, to be killed with SIGKILL at a random moment by
// test/unit/crashConsistency.test.ts. Plain .mjs importing the compiled modules, so it starts in ~50 ms.
//
// Before each durable step it prints "begin <what>", after it "ack <what>"; an ack means the step is on
// disk. Lines go out with writeSync on fd 1, so a line printed is in the pipe even if the process dies on
// the next instruction.
//
// usage: node crashChild.mjs DIR ITERATION SEED
import { writeSync } from 'node:fs'
import { join } from 'node:path'
import { openOutbox } from '../../dist/thin/outbox/openOutbox.js'
import { writeBatteryFile } from '../../dist/thin/usb/writeBatteryFile.js'

const [dir, iterationText, seedText] = process.argv.slice(2)
const iteration = Number(iterationText)
let seed = Number(seedText) >>> 0
/** mulberry32: small, seeded, good enough to vary the work. */
const random = () => {
  seed = (seed + 0x6d2b79f5) >>> 0
  let t = seed
  t = Math.imul(t ^ (t >>> 15), t | 1)
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296
}
const say = (line) => writeSync(1, `${line}\n`)

const BATTERIES = 3
const battery = (count) => ({
  batteryId: 1,
  ownerAddress: '0x00000000000000000000000000000000000000aa',
  filePath: '',
  staticInfo: {
    brand: 'Samsung', maxChargingCount: 4294967295, maxDischargingCount: 200, maxChargingTotalTime: 7200000,
    maxDischargingTotalTime: 7200000, manufactureYear: 2017, manufactureMonth: 11, maxYearLimited: 20, manufacturePrice: 20000n,
  },
  dynamicInfo: {
    price: 16400n + BigInt(count % 1000), energyWh: count % 100000, socPermille: count % 1001, chargingCount: count,
    dischargingCount: 1, chargingTotalTime: count % 7200000, dischargingTotalTime: 7200,
  },
})

const outbox = await openOutbox(join(dir, 'outbox'), { onCorrupt: (r) => say(`corrupt ${r.file} ${r.reason}`) })
const entries = (await outbox.list()).map((e) => ({ id: e.id, sent: e.state === 'sent' }))
say('ready')

for (let k = 0; ; k++) {
  const r = random()
  if (r < 0.35) {
    const i = k % BATTERIES
    const count = iteration * 100000 + k + 1
    say(`begin battery ${i} ${count}`)
    writeBatteryFile(join(dir, 'slot', `b${i}`, 'battery information.json'), battery(count))
    say(`ack battery ${i} ${count}`)
  } else if ((r < 0.65 && entries.length < 10) || entries.length === 0) {
    // Kept around ten entries, like a device that does get its receipts, so the checks stay fast.
    const id = `i${iteration}-${k}`
    say(`begin put ${id}`)
    await outbox.put({ id, kind: 'swap', createdAt: Date.now(), payload: { nonce: BigInt(k), to: 'station-1' } })
    say(`ack put ${id}`)
    entries.push({ id, sent: false })
  } else if (r < 0.85 && entries.some((e) => !e.sent)) {
    const entry = entries.find((e) => !e.sent)
    say(`begin update ${entry.id}`)
    await outbox.update(entry.id, { state: 'sent', txHash: `0x${k.toString(16)}` })
    say(`ack update ${entry.id}`)
    entry.sent = true
  } else {
    const [entry] = entries.splice(0, 1)
    say(`begin remove ${entry.id}`)
    await outbox.remove(entry.id)
    say(`ack remove ${entry.id}`)
  }
}
