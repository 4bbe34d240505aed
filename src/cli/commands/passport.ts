// `evswap passport BATTERY`: a battery's passport (EU 2023/1542, Battery Pass data model) as JSON.
import { resolve } from 'node:path'
import { EvswapError } from '../../sdk/errors/EvswapError.js'
import { fetchDeviceApi } from '../fetchDeviceApi.js'
import { formatUsage } from '../formatUsage.js'
import { integerFlag, PORT_RANGE } from '../integerFlag.js'
import { parseArgs } from '../parseArgs.js'
import { UsageError } from '../UsageError.js'

const usage = formatUsage({
  synopsis: 'evswap passport BATTERY [--tier public|legitimate] [--station URL] [--dir DIR] [--port 7100] [--host 127.0.0.1]',
  what:
    "Prints battery BATTERY's passport as JSON (docs/passport.md: the Battery Pass data model's attributes and\n" +
    'units, "not reported" where the battery has no value). It is asked through a running device (--dir,\n' +
    '--port), which trusts its station. The public tier (the default) is open to anyone, and --station asks a\n' +
    'station directly instead. The legitimate-interest tier adds state of health, cycles, negative events, use\n' +
    "and history; the device signs that request with its key, and the battery's owner, the station that holds it\n" +
    'and the super account may read it. Exit 0 printed, 1 refused or not found (the reason on stderr), 2 bad usage.',
  args: [
    ['BATTERY', 'the battery number'],
    ['--tier T', 'public (default) or legitimate'],
    ['--station URL', 'public tier only: ask this station directly rather than through a device'],
    ['--dir DIR', "the running device's folder (default .evswap/device)"],
    ['--port N', "the device's API port (default 7100; the demo's EV 7004)"],
    ['--host H', "the device's host (default 127.0.0.1)"],
  ],
  examples: [
    'npx evswap passport 3 --dir .evswap/demo/ev --port 7004                     (the demo\'s EV)',
    'npx evswap passport 3 --tier legitimate --dir .evswap/demo/ev --port 7004',
    'npx evswap passport 3 --station https://station1.example:7002',
  ],
})

export const help: Record<string, string> = { '': usage }

/**
 * Runs `evswap passport`; returns the exit code.
 *
 * @example
 * process.exitCode = await run(['3', '--tier', 'legitimate', '--dir', '.evswap/demo/ev', '--port', '7004'])
 */
export async function run(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs(args, { tier: { type: 'string' }, station: { type: 'string' }, dir: { type: 'string' }, port: { type: 'string' }, host: { type: 'string' } })
  if (positionals.length !== 1) throw new UsageError(positionals.length ? `expected one BATTERY, got ${positionals.length}: ${positionals.join(' ')}` : 'say which battery: evswap passport BATTERY')
  const id = integerFlag('BATTERY', positionals[0], 0, { min: 1, max: 2 ** 32 - 1 })
  const tier = values.tier ?? 'public'
  if (tier !== 'public' && tier !== 'legitimate') throw new UsageError(`--tier is "${tier}": say public or legitimate`)
  let answer: { status: number; body: unknown }
  if (values.station) {
    if (tier === 'legitimate') throw new UsageError('--station is for the public tier; the legitimate tier goes through a device (--dir, --port), which signs the request')
    if (values.dir || values.port || values.host) throw new UsageError('--station asks a station directly: leave out --dir, --port and --host')
    const station = values.station
    if (!/^https?:\/\/[^/]/.test(station)) throw new UsageError(`--station ${station} is not a station URL; give http://HOST:PORT or https://HOST:PORT`)
    const res = await fetch(`${station.replace(/\/$/, '')}/api/batteries/${id}/passport`).catch((e: unknown) => {
      throw new EvswapError(`no station answers at ${station} (${(e as { cause?: { code?: string } }).cause?.code ?? String(e)})`, {
        hint: 'pass a running station\'s URL; a station with a certificate of its own CA is reached through a device that trusts it (--dir, --port)',
      })
    })
    answer = { status: res.status, body: await res.json().catch(() => ({ error: { message: `${station} answered HTTP ${res.status}, not JSON: is it an evswap station?` } })) }
  } else {
    const device = { dir: resolve(values.dir ?? '.evswap/device'), host: values.host ?? '127.0.0.1', port: integerFlag('--port', values.port, 7100, PORT_RANGE) }
    answer = await fetchDeviceApi(device, `/api/device/passport/${id}?tier=${tier}`)
  }
  if (answer.status !== 200) {
    const e = (answer.body as { error?: { message?: string; hint?: string } }).error
    process.stderr.write(`${e?.message ?? `HTTP ${answer.status}`}${e?.hint ? `\n${e.hint.charAt(0).toUpperCase()}${e.hint.slice(1)}.` : ''}\n`)
    return 1
  }
  process.stdout.write(`${JSON.stringify(answer.body, null, 2)}\n`)
  return 0
}
