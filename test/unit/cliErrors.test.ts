// What `evswap` says when a command fails (describeError), and what `start --reset` deletes (resetDemoDir):
// a user's mistake in words with the next step, a bug said to be one, and never a folder that is not a demo's.
import assert from 'node:assert/strict'
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { after, describe, test } from 'node:test'
import { describeError } from '../../src/cli/describeError.js'
import { resetDemoDir } from '../../src/cli/resetDemoDir.js'
import { UsageError } from '../../src/cli/UsageError.js'
import { KeystoreError } from '../../src/thin/keystore/KeystoreError.js'
import { EvswapError } from '../../src/sdk/errors/EvswapError.js'
import { StationRefusedError } from '../../src/thin/pin/StationRefusedError.js'

const errno = (code: string, extra: Record<string, unknown>) => Object.assign(new Error(`${code}: boom`), { code, ...extra })

describe('describeError', () => {
  test('test_describeError_userErrors_sentencesWithoutStack', () => {
    const cases: [unknown, RegExp, number][] = [
      [new UsageError('unknown flag --bogus'), /^unknown flag --bogus$/, 2],
      [new EvswapError('no device answers on 127.0.0.1:7100', { hint: 'start it' }), /^no device answers on 127\.0\.0\.1:7100\nNext: start it$/, 1],
      [new StationRefusedError('station 2 at https://10.0.0.2:7002: it is on chain 5, and this device was enrolled on chain 20180; this station is on another network', { field: 'chainId', hint: 'remove it from --station' }), /^station 2 at https:\/\/10\.0\.0\.2:7002: it is on chain 5, .*\nNext: remove it from --station$/, 1],
      [new KeystoreError('wrong passphrase for /d/device-key.json (MAC mismatch); check EVSWAP_PASSPHRASE'), /^wrong passphrase for/, 1],
      [errno('ENOENT', { path: '/d/relayer.key', syscall: 'open' }), /^\/d\/relayer\.key does not exist; check the path/, 1],
      [errno('EACCES', { path: '/d/x', syscall: 'open' }), /^no permission to use \/d\/x; check its owner and mode/, 1],
      [errno('EADDRINUSE', { address: '127.0.0.1', port: 7000, syscall: 'listen' }), /^127\.0\.0\.1:7000 is already in use .*pick other ports with --port/, 1],
      // fetch wraps the socket's error in its cause.
      [Object.assign(new TypeError('fetch failed'), { cause: errno('ECONNREFUSED', { address: '127.0.0.1', port: 7004 }) }), /^nothing answers at 127\.0\.0\.1:7004; start it first/, 1],
    ]
    for (const [error, sentence, exitCode] of cases) {
      const d = describeError(error, { EVSWAP_DEBUG: '1' })
      assert.match(d.text, sentence)
      assert.equal(d.exitCode, exitCode)
      assert.doesNotMatch(d.text, /^\s+at /m, 'a user error never shows a stack, even with EVSWAP_DEBUG=1')
    }
  })

  test('test_describeError_nodeParseArgs_unknownFlagAndMissingValue', () => {
    const attempt = (args: string[]) => {
      try {
        parseArgs({ args, options: { port: { type: 'string' } }, strict: true })
      } catch (e) {
        return describeError(e)
      }
      throw new Error('parseArgs accepted it')
    }
    assert.deepEqual(attempt(['--bogus']), { text: 'unknown flag --bogus', exitCode: 2, usage: true })
    assert.deepEqual(attempt(['--port']), { text: '--port needs a value', exitCode: 2, usage: true })
    assert.deepEqual(attempt(['--port', '-3']), { text: '--port needs a value, and one that starts with a dash is written --port=VALUE', exitCode: 2, usage: true })
  })

  test('test_describeError_bug_saysSoAndShowsStackOnlyWithDebug', () => {
    const bug = new TypeError("Cannot read properties of undefined (reading 'holder')")
    const quiet = describeError(bug, {})
    assert.match(quiet.text, /^this is a bug in evswap, not something you did \(TypeError: Cannot read properties/)
    assert.match(quiet.text, /EVSWAP_DEBUG=1/)
    assert.doesNotMatch(quiet.text, /^\s+at /m)
    assert.match(describeError(bug, { EVSWAP_DEBUG: '1' }).text, /^\s+at /m)
  })
})

describe('resetDemoDir', () => {
  const root = mkdtempSync(join(tmpdir(), 'evswap-reset-'))
  after(() => rmSync(root, { recursive: true, force: true }))

  test('test_resetDemoDir_demoFolder_saysWhatItDeletesThenDeletes', () => {
    const dir = join(root, 'demo')
    mkdirSync(join(dir, 'chain'), { recursive: true })
    mkdirSync(join(dir, 'ev', 'usb', 'TOY-1'), { recursive: true })
    writeFileSync(join(dir, 'chain', 'state.json'), '{}')
    const said: string[] = []
    resetDemoDir(dir, (l) => said.push(l))
    assert.deepEqual(said, [`--reset: deleting ${dir} (the demo's chain, device keys and battery disks) to start fresh`])
    assert.equal(existsSync(dir), false)
  })

  test('test_RevertWhen_notADemoFolder_refusesAndKeepsIt', () => {
    const dir = join(root, 'home')
    mkdirSync(dir)
    writeFileSync(join(dir, 'thesis.tex'), 'precious')
    assert.throws(() => resetDemoDir(dir, () => {}), /--reset will not delete .*home: it does not look like a demo's state folder \(it has neither chain\/ nor super\/ inside\)/)
    assert.equal(readFileSync(join(dir, 'thesis.tex'), 'utf8'), 'precious')
  })

  test('test_resetDemoDir_missingFolder_nothingToDelete', () => {
    const said: string[] = []
    resetDemoDir(join(root, 'never'), (l) => said.push(l))
    assert.match(said[0]!, /does not exist yet, nothing to delete/)
  })
})
