import assert from 'node:assert/strict'
import { execFile } from 'node:child_process'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, test } from 'node:test'
import { ensureBuilt, ROOT } from '../helpers/ensureBuilt.js'
import { FIG6_TEXT, PASSPORT_SECTIONS, fig6With } from '../helpers/fig6Battery.js'

type Run = { code: number | null; stdout: string; stderr: string }

/** Runs the compiled `evswap` the way a user does. */
function evswap(...args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    execFile(process.execPath, [join(ROOT, 'dist/cli/main.js'), ...args], { cwd: ROOT }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : null) : 0, stdout, stderr })
    })
  })
}

describe('evswap battery check', () => {
  let dir: string
  const file = (name: string) => join(dir, name, 'battery information.json')
  const put = async (name: string, text: string) => {
    await import('node:fs/promises').then((fs) => fs.mkdir(join(dir, name), { recursive: true }))
    await writeFile(file(name), text)
    return file(name)
  }

  before(async () => {
    await ensureBuilt(['src/cli/main.ts', 'src/cli/commands.ts', 'src/cli/commands/battery.ts', 'src/thin/usb', 'src/shared/fs'])
    dir = await mkdtemp(join(tmpdir(), 'evswap-check-'))
  })
  after(async () => {
    await rm(dir, { recursive: true, force: true })
  })

  test('test_check_validFile_printsNormalizedJsonAndExits0', async () => {
    const r = await evswap('battery', 'check', await put('good', FIG6_TEXT))
    assert.equal(r.code, 0, r.stderr)
    assert.equal(r.stderr, '')
    const json = JSON.parse(r.stdout)
    assert.deepEqual(json.dynamicInfo, { price: 164, energy: 20, SOC: 100, chargingCount: 1, dischargingCount: 1, chargingTotalTime: 2, dischargingTotalTime: 2 })
    assert.equal(json.staticInfo.brand, 'Samsung')
    assert.equal(json.filePath, '/media/usb0/battery information.json', 'check reports the file as it is; it does not rewrite it')
  })

  test('test_check_passportFile_printsPassportAndConditionInUserUnits', async () => {
    const r = await evswap('battery', 'check', await put('passport', fig6With((j) => {
      Object.assign(j, structuredClone(PASSPORT_SECTIONS))
      delete j.condition.remainingCapacity
    })))
    assert.equal(r.code, 0, r.stderr)
    assert.equal(r.stderr, '')
    const json = JSON.parse(r.stdout)
    assert.deepEqual(json.passport, { certifiedUsableEnergy: 20.5, ratedCapacity: 55.125, expectedLifetimeCycles: 1500, capacityThresholdForExhaustion: 70.5, chemistry: 'NMC811', nominalVoltage: 370.4 })
    assert.deepEqual(json.condition, { remainingEnergy: 19.875, energyThroughput: 410.25, deepDischargeEvents: 2, overchargeEvents: 0, overTemperatureEvents: 1, timeAtExtremeTemperature: 1.5 }, 'not reported stays left out')
    const plain = JSON.parse((await evswap('battery', 'check', await put('plain', FIG6_TEXT))).stdout)
    assert.deepEqual(Object.keys(plain), ['batteryID', 'ownerAddress', 'filePath', 'staticInfo', 'dynamicInfo'], 'a file without a passport prints as before')
  })

  test('test_RevertWhen_passportFieldsBad_eachIsNamedWithItsUnit', async () => {
    const path = await put('badPassport', fig6With((j) => {
      Object.assign(j, structuredClone(PASSPORT_SECTIONS))
      j.passport.nominalVoltage = 0
      j.condition.remainingEnergy = -1
    }))
    const r = await evswap('battery', 'check', path)
    assert.equal(r.code, 1)
    assert.ok(r.stderr.startsWith(`${path}: 2 problems\n`), r.stderr)
    assert.match(r.stderr, /^ {2}passport\.nominalVoltage: 0 is under 0\.1 \(V\); expected volts > 0/m)
    assert.match(r.stderr, /^ {2}condition\.remainingEnergy: -1 is negative; expected kWh >= 0/m)
    const orphan = await evswap('battery', 'check', await put('orphan', fig6With((j) => (j.condition = { remainingEnergy: 10 }))))
    assert.equal(orphan.code, 1)
    assert.match(orphan.stderr, /^ {2}condition: is given without a passport section/m)
  })

  test('test_RevertWhen_fileTruncated_namesFileAndPosition', async () => {
    const path = await put('truncated', FIG6_TEXT.slice(0, 300))
    const r = await evswap('battery', 'check', path)
    assert.equal(r.code, 1)
    assert.equal(r.stdout, '')
    assert.ok(r.stderr.startsWith(`${path}: 1 problem\n`), r.stderr)
    assert.match(r.stderr, /^ {2}JSON: syntax error at line \d+, column \d+ \(position 300\): the file ends early/m)
  })

  test('test_RevertWhen_badFields_eachIsNamed', async () => {
    const path = await put('bad', fig6With((j) => {
      j.dynamicInfo.energy = 'twenty'
      j.dynamicInfo.SOC = 130
      j.dynamicInfo.price = -5
    }))
    const r = await evswap('battery', 'check', path)
    assert.equal(r.code, 1)
    assert.ok(r.stderr.startsWith(`${path}: 3 problems\n`), r.stderr)
    assert.match(r.stderr, /^ {2}dynamicInfo\.energy: "twenty" is not a number/m)
    assert.match(r.stderr, /^ {2}dynamicInfo\.SOC: 130 is over 100 \(percent\)$/m)
    assert.match(r.stderr, /^ {2}dynamicInfo\.price: -5 is negative/m)
  })

  test('test_RevertWhen_fileMissing_exits1', async () => {
    const r = await evswap('battery', 'check', join(dir, 'absent.json'))
    assert.equal(r.code, 1)
    assert.match(r.stderr, /absent\.json: 1 problem\n {2}file: not found/)
  })

  test('test_RevertWhen_badUsage_exits2', async () => {
    for (const args of [['battery'], ['battery', 'frobnicate'], ['battery', 'check'], ['battery', 'check', 'a', 'b']]) {
      const r = await evswap(...args)
      assert.equal(r.code, 2, args.join(' '))
      assert.match(r.stderr, /usage: evswap battery check FILE/)
    }
    const help = await evswap('battery', '--help')
    assert.equal(help.code, 0)
    assert.match(help.stdout, /usage: evswap battery check FILE/)
  })
})
