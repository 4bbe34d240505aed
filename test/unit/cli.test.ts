// The real `evswap` CLI, run as a user runs it (a child process of the compiled `dist/cli/main.js`, the
// package's bin: through tsx each of the hundred runs cost twice as long), for every command and subcommand: -h and --help print that command's usage and do no work, and
// every mistake a user can make is answered with a sentence, never a stack trace.
import assert from 'node:assert/strict'
import { execFile } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, test } from 'node:test'
import { ensureBuilt, ROOT } from '../helpers/ensureBuilt.js'
import { freePortRange } from '../helpers/freePort.js'
import { loadOrCreateDemoTls } from '../../src/rich/tls/loadOrCreateDemoTls.js'

type Run = { code: number | null; stdout: string; stderr: string }

/** The environment of a user who has set nothing evswap reads. */
const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('EVSWAP_')))

function evswap(args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    execFile(process.execPath, [join(ROOT, 'dist/cli/main.js'), ...args], { cwd: ROOT, env, timeout: 60_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : null) : 0, stdout, stderr })
    })
  })
}

/** Runs every command line, two at a time (the machine has 2 cores), and answers the runs in order. */
async function runAll(lines: string[][]): Promise<Run[]> {
  const runs: Run[] = new Array(lines.length)
  let next = 0
  const worker = async () => {
    while (next < lines.length) {
      const i = next++
      runs[i] = await evswap(lines[i]!)
    }
  }
  await Promise.all([worker(), worker()])
  return runs
}

const STACK_LINE = /^\s+at /m

before(() => ensureBuilt(['src/cli', 'src/thin', 'src/sdk', 'src/rich', 'src/link', 'src/network', 'src/passport', 'src/shared']))

function assertNoStack(r: Run, line: string[]): void {
  assert.doesNotMatch(r.stdout, STACK_LINE, `${line.join(' ')}: a stack line on stdout:\n${r.stdout}`)
  assert.doesNotMatch(r.stderr, STACK_LINE, `${line.join(' ')}: a stack line on stderr:\n${r.stderr}`)
  assert.doesNotMatch(r.stderr, /this is a bug/, `${line.join(' ')}: a user's mistake was taken for a bug:\n${r.stderr}`)
}

/** Each command and subcommand, with the first words its usage must start with. */
const COMMANDS: [string[], string][] = [
  [[], 'usage: evswap <command>'],
  [['start'], 'usage: evswap start'],
  [['station'], 'usage: evswap station'],
  [['device'], 'usage: evswap device --slot'],
  [['device', 'status'], 'usage: evswap device status'],
  [['device', 'address'], 'usage: evswap device address'],
  [['device', 'pin'], 'usage: evswap device pin'],
  [['usb'], 'usage: evswap usb move'],
  [['usb', 'move'], 'usage: evswap usb move'],
  [['battery'], 'usage: evswap battery check'],
  [['battery', 'check'], 'usage: evswap battery check'],
  [['passport'], 'usage: evswap passport BATTERY'],
  [['network'], 'usage: evswap network init|join|up|down|status|propose|votes'],
  [['network', 'init'], 'usage: evswap network init'],
  [['network', 'up'], 'usage: evswap network up'],
  [['network', 'down'], 'usage: evswap network down'],
  [['network', 'status'], 'usage: evswap network status'],
  [['network', 'join'], 'usage: evswap network join'],
  [['network', 'propose'], 'usage: evswap network propose'],
  [['network', 'votes'], 'usage: evswap network votes'],
  [['bench'], 'usage: evswap bench paper|load|index|network'],
  [['bench', 'paper'], 'usage: evswap bench paper'],
  [['bench', 'load'], 'usage: evswap bench load'],
  [['bench', 'network'], 'usage: evswap bench network'],
]

describe('evswap --help and -h', () => {
  test('test_help_everyCommandAndSubcommand_printsItsUsageAndExits0', async () => {
    const benchBuild = join(ROOT, 'dist/bench/bench/main.js')
    const builtBefore = existsSync(benchBuild) ? statSync(benchBuild).mtimeMs : undefined
    const lines = COMMANDS.flatMap(([words]) => [[...words, '--help'], [...words, '-h']])
    lines.push(['help', 'usb', 'move'], ['help', 'network', 'status'])
    const expected = [...COMMANDS.flatMap(([, usage]) => [usage, usage]), 'usage: evswap usb move', 'usage: evswap network status']
    const runs = await runAll(lines)
    runs.forEach((r, i) => {
      const line = lines[i]!
      assert.equal(r.code, 0, `${line.join(' ')}: exit ${r.code}\n${r.stderr}`)
      assert.ok(r.stdout.startsWith(expected[i]!), `${line.join(' ')} printed:\n${r.stdout}`)
      // Every usage says what the flags are and shows an example; nothing else is printed (no work done).
      assert.match(r.stdout, /-h, --help|Every command and subcommand answers -h or --help/, line.join(' '))
      assert.match(r.stdout, /example/, line.join(' '))
      assert.equal(r.stderr, '', `${line.join(' ')}: said on stderr: ${r.stderr}`)
      assertNoStack(r, line)
    })
    // `bench --help` answered without compiling the benchmarks.
    assert.equal(existsSync(benchBuild) ? statSync(benchBuild).mtimeMs : undefined, builtBefore, 'bench --help built the benchmarks')
  })
})

describe('evswap with bad arguments', () => {
  let dir: string
  let refusing: Server
  let refusingPort: number
  let closedPort: number

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'evswap-cli-'))
    // A device folder that has run (it has an API token) but another device on the port.
    mkdirSync(join(dir, 'ran'))
    writeFileSync(join(dir, 'ran', 'api-token'), 'not-the-right-token\n')
    // A demo's device folder beside its chain/, without a passphrase in the environment.
    mkdirSync(join(dir, 'demo', 'chain'), { recursive: true })
    mkdirSync(join(dir, 'demo', 'ev'))
    mkdirSync(join(dir, 'notdemo'))
    writeFileSync(join(dir, 'notdemo', 'thesis.tex'), 'precious\n')
    // A device folder whose pin was damaged.
    mkdirSync(join(dir, 'badpin'))
    writeFileSync(join(dir, 'badpin', 'pinned.json'), '{"chainId": 31337, "genes')
    // A device's local API that refuses every token, as createDeviceApi does (401, its error body).
    refusing = createServer((_req, res) => {
      res.writeHead(401, { 'content-type': 'application/json' })
      res.end(JSON.stringify({ error: 'unauthorized', message: 'missing or wrong token', hint: 'use the URL the device printed at start' }))
    })
    await new Promise<void>((res) => refusing.listen(0, '127.0.0.1', () => res()))
    refusingPort = (refusing.address() as { port: number }).port
    closedPort = await freePortRange(1)
    // A CA and two station certificates, for the TLS flags' mistakes.
    await loadOrCreateDemoTls(join(dir, 'tls'), 2)
  })
  after(async () => {
    await new Promise<void>((res) => refusing.close(() => res()))
    rmSync(dir, { recursive: true, force: true })
  })

  test('test_RevertWhen_badArguments_everyCommand_sentenceNoStack', async () => {
    const missing = join(dir, 'does-not-exist')
    // [command line, exit code, what the sentence must say]
    const cases: [string[], number, RegExp][] = [
      [['bogus'], 2, /there is no command "bogus"/],
      [['start', '--bogus'], 2, /unknown flag --bogus[\s\S]*usage: evswap start/],
      [['start', '--port', 'abc'], 2, /--port must be a whole number from 1024 to 65531, not "abc"/],
      [['start', 'now'], 2, /start takes no arguments/],
      [['start', '--reset', '--dir', join(dir, 'notdemo'), '--port', String(closedPort)], 1, /--reset will not delete .*notdemo: it does not look like a demo's state folder/],
      [['station', '--bogus'], 2, /unknown flag --bogus[\s\S]*usage: evswap station/],
      [['station', '--port', 'abc'], 2, /--port must be a whole number/],
      [['station', '--super', '0x12'], 2, /--super 0x12 is not an address/],
      [['station', '--host', 'http://10.0.0.2'], 2, /--host http:\/\/10\.0\.0\.2 is neither an IP address nor a host name/],
      [['station', '--rpc', 'http://127.0.0.1:1'], 2, /--rpc needs --deployment FILE and --relayer-key-file FILE/],
      [['station', '--tls-cert', join(dir, 'tls', 'station1.pem')], 2, /--tls-cert and --tls-key go together; --tls-key is missing/],
      [['station', '--tls-cert', missing, '--tls-key', missing], 2, /--tls-cert .*does-not-exist does not exist; check the path/],
      [['station', '--tls-cert', join(dir, 'notdemo', 'thesis.tex'), '--tls-key', join(dir, 'tls', 'station1-key.pem')], 2, /--tls-cert .*thesis\.tex is not a PEM certificate/],
      [['station', '--tls-cert', join(dir, 'tls', 'station1.pem'), '--tls-key', join(dir, 'tls', 'station2-key.pem')], 2, /--tls-key .*station2-key\.pem is not the key of the certificate in .*station1\.pem/],
      [['station', '--ca', join(dir, 'tls', 'ca.pem')], 2, /--ca is for a station that serves HTTPS itself; add --tls-cert FILE and --tls-key FILE/],
      [['station', '--tls-cert', join(dir, 'tls', 'station1.pem'), '--tls-key', join(dir, 'tls', 'station1-key.pem'), '--peer', 'http://127.0.0.1:7003'], 2, /--peer http:\/\/127\.0\.0\.1:7003 is plain http:\/\/, and a station that serves HTTPS fails over to TLS stations only/],
      [['device', '--bogus'], 2, /unknown flag --bogus[\s\S]*usage: evswap device --slot/],
      [['device'], 2, /a device needs at least one --slot .* and one --station/],
      [['device', 'frob'], 2, /there is no subcommand "frob"; the subcommands are status, address and pin/],
      [['device', '--reset', '--slot', dir, '--station', 'http://127.0.0.1:7002'], 2, /--reset goes with `evswap device pin`; to enrol again while starting the device, use --re-pin[\s\S]*usage: evswap device --slot/],
      [['device', 'status', '--re-pin'], 2, /--re-pin is for starting the device; to forget the pin without starting it: evswap device pin --reset/],
      [['device', 'pin', 'now'], 2, /unexpected argument "now"[\s\S]*usage: evswap device pin/],
      [['device', 'pin', '--dir', join(dir, 'badpin')], 1, /badpin\/pinned\.json is not a readable pin of the chain this device was enrolled on: it is not JSON[\s\S]*Next: restore it from a backup, or re-enrol/],
      [['device', '--slot', dir, '--station', '127.0.0.1:7002'], 2, /--station 127\.0\.0\.1:7002 is not a station URL; give http:\/\/HOST:PORT or https:\/\/HOST:PORT/],
      [['device', '--slot', dir, '--station', 'http://127.0.0.1:7002', '--ca', join(dir, 'tls', 'ca.pem')], 2, /--station http:\/\/127\.0\.0\.1:7002 is plain http:\/\/, and a device given --ca or --pin speaks only TLS; use the station's https:\/\/ URL/],
      [['device', '--slot', dir, '--station', 'https://127.0.0.1:7002', '--pin', 'abcd'], 2, /--pin abcd is not a SHA-256 fingerprint/],
      [['device', '--slot', dir, '--station', 'https://127.0.0.1:7002', '--ca', join(dir, 'notdemo', 'thesis.tex')], 2, /--ca .*thesis\.tex is not a PEM certificate/],
      [['device', 'status', '--port', 'abc'], 2, /--port must be a whole number from 1 to 65535, not "abc"[\s\S]*usage: evswap device status/],
      [['device', 'status', '--dir', missing], 1, /no device has run with --dir .*does-not-exist: there is no API token[\s\S]*Next: pass the --dir/],
      [['device', 'status', '--dir', join(dir, 'ran'), '--port', String(closedPort)], 1, new RegExp(`no device answers on 127\\.0\\.0\\.1:${closedPort}[\\s\\S]*Next: start it`)],
      [['device', 'status', '--dir', join(dir, 'ran'), '--port', String(refusingPort)], 1, new RegExp(`the device on 127\\.0\\.0\\.1:${refusingPort} answers, but refused the API token in .*ran/api-token`)],
      [['device', 'address', '--dir', join(dir, 'demo', 'ev')], 1, /is a demo device, and no passphrase was given[\s\S]*EVSWAP_PASSPHRASE=evswap-demo-only/],
      [['device', 'address', '--dir', join(dir, 'notdemo')], 1, /no device passphrase: set EVSWAP_PASSPHRASE_FILE/],
      [['usb'], 2, /say what to do: usb move FOLDER FROM TO/],
      [['usb', '--bogus'], 2, /unknown flag --bogus/],
      [['usb', 'move', 'TOY-1', 'ev'], 2, /usb move needs FOLDER, FROM and TO; got 2 of the 3/],
      [['usb', 'move', 'TOY-1', 'ev', 'station9'], 2, /there is no device "station9" in the demo/],
      [['usb', 'move', 'TOY-1', 'ev', 'station1', '--dir', missing], 1, /there is no battery folder "TOY-1" in .*does-not-exist\/ev\/usb[\s\S]*does not exist: check --dir/],
      [['passport'], 2, /say which battery: evswap passport BATTERY[\s\S]*usage: evswap passport/],
      [['passport', 'x'], 2, /BATTERY must be a whole number from 1 to 4294967295, not "x"/],
      [['passport', '3', '--tier', 'gold'], 2, /--tier is "gold": say public or legitimate/],
      [['passport', '3', '--tier', 'legitimate', '--station', 'http://127.0.0.1:7002'], 2, /--station is for the public tier; the legitimate tier goes through a device/],
      [['passport', '3', '--station', '127.0.0.1:7002'], 2, /--station 127\.0\.0\.1:7002 is not a station URL/],
      [['passport', '3', '--station', `http://127.0.0.1:${closedPort}`], 1, new RegExp(`no station answers at http://127\\.0\\.0\\.1:${closedPort}[\\s\\S]*Next: pass a running station's URL`)],
      [['passport', '3', '--dir', missing], 1, /no device has run with --dir .*does-not-exist: there is no API token/],
      [['passport', '3', '--dir', join(dir, 'ran'), '--port', String(refusingPort)], 1, /answers, but refused the API token/],
      [['battery'], 2, /say what to do: battery check FILE/],
      [['battery', 'check'], 2, /expected exactly one FILE, got 0/],
      [['battery', 'check', '--bogus', 'x'], 2, /unknown flag --bogus/],
      [['battery', 'check', join(missing, 'battery information.json')], 1, /file: not found; check the path/],
      [['network'], 2, /say what to do: init, join, up, down, status, propose or votes/],
      [['network', 'bogus'], 2, /there is no subcommand "bogus"/],
      [['network', 'init'], 2, /--stations N is required[\s\S]*usage: evswap network init/],
      [['network', 'init', '--stations', 'abc'], 2, /--stations must be a whole number from 1 to 256, not "abc"/],
      [['network', 'up', '--dir', missing], 1, /no network\.json in .*does-not-exist/],
      [['network', 'down', '--bogus'], 2, /unknown flag --bogus[\s\S]*usage: evswap network down/],
      [['network', 'status', '--dir', missing], 1, /no network\.json in .*does-not-exist/],
      [['network', 'init', '--stations', '2', '--hosts', '10.0.0.1,db.example', '--dir', join(dir, 'net-hosts')], 1, /--hosts: "db\.example" is not an IP address/],
      [['network', 'init', '--stations', '1', '--netrestrict', '10.0.0.0/33', '--dir', join(dir, 'net-cidr')], 1, /--netrestrict "10\.0\.0\.0\/33" is not a network in CIDR notation/],
      [['network', 'join', '--host', '10.0.0.5'], 2, /--network FILE is required[\s\S]*usage: evswap network join/],
      [['network', 'join', '--network', join(missing, 'network.json')], 2, /--host ADDR is required/],
      [['network', 'join', '--network', join(missing, 'network.json'), '--host', '10.0.0.5'], 1, /no network\.json in .*does-not-exist/],
      [['network', 'join', '--network', join(missing, 'network.json'), '--host', 'station5.example'], 1, /--host "station5\.example" is not an IP address/],
      [['network', 'propose', '--add'], 2, /say which signer address to vote on[\s\S]*usage: evswap network propose/],
      [['network', 'propose', '0x12', '--add'], 2, /"0x12" is not an address/],
      [['network', 'propose', '0x5c3b9b3c8cbd2ee6a8cbcd13fd0c1a3f2b9c91af'], 2, /exactly one of --add, --remove or --discard/],
      [['network', 'propose', '0x5c3b9b3c8cbd2ee6a8cbcd13fd0c1a3f2b9c91af', '--add', '--dir', missing], 1, /no network\.json in .*does-not-exist/],
      [['network', 'votes', '--bogus'], 2, /unknown flag --bogus[\s\S]*usage: evswap network votes/],
      [['bench'], 2, /say which benchmark: paper or load, index or network/],
      [['bench', 'nosuch'], 2, /there is no benchmark "nosuch"; the benchmarks are paper, load, index and network/],
      [['bench', 'paper', '--bogus'], 2, /unknown flag --bogus[\s\S]*usage: evswap bench paper/],
      [['bench', 'load', '--rate', 'abc'], 2, /--rate must be a number >= 0, not "abc"/],
      [['bench', 'network', '--bogus'], 2, /unknown flag --bogus[\s\S]*usage: evswap bench network/],
      [['bench', 'network', '--nodes', '1'], 2, /--nodes must be a whole number >= 2, not "1"/],
      [['bench', 'network', '--signers', '2.5'], 2, /--signers must be a whole number >= 1, not "2\.5"/],
      [['bench', 'network', '--rate', 'fast'], 2, /--rate must be a number >= 0, not "fast"/],
    ]
    const runs = await runAll(cases.map(([line]) => line))
    runs.forEach((r, i) => {
      const [line, code, sentence] = cases[i]!
      assert.equal(r.code, code, `${line.join(' ')}: exit ${r.code}\n${r.stderr}`)
      assert.match(r.stderr, sentence, `${line.join(' ')}: stderr was\n${r.stderr}`)
      assertNoStack(r, line)
      // A user's mistake never builds the benchmarks.
      assert.doesNotMatch(r.stderr, /building the benchmarks/, line.join(' '))
    })
    // Nothing was made or deleted by a refused command.
    assert.equal(existsSync(join(dir, 'notdemo', 'thesis.tex')), true, 'start --reset deleted a folder that is not a demo')
    assert.equal(existsSync(join(dir, 'demo', 'ev', 'device-key.json')), false)
    assert.equal(existsSync(missing), false)
  })
})
