// `evswap network init|up|down|status`: the stations' local geth Clique network (see docs/network.md).
import { parseArgs } from 'node:util'
import {
  NetworkError,
  initNetwork,
  loadNetwork,
  networkDefaults,
  networkStatus,
  nodePaths,
  type NodeStatus,
  startNetwork,
  stopNetwork,
} from '../../network/index.js'

const usage = `usage: evswap network <subcommand> [options]

  init --stations N [--dir D] [--period S] [--gas-limit G] [--force]
       [--http-port B] [--ws-port B] [--p2p-port B] [--authrpc-port B]
                       create keys, genesis and one geth datadir per station (station i uses base port + i)
  up [--dir D] [--only 1,2]       start the stations' nodes in the background and wait for their peers
  down [--dir D] [--only 3] [--force]
                                  stop them (SIGTERM, then SIGKILL after 20 s; --force: SIGKILL at once)
  status [--dir D] [--json]       per station: url, signer, peers, head, lag, up/down

  --dir defaults to ${networkDefaults.dir}
`

/**
 * Runs `evswap network <subcommand>`; returns the process exit code (0 ok, 1 failed, 2 bad usage).
 *
 * @example
 * process.exitCode = await run(['init', '--stations', '4'])
 */
export async function run(args: string[]): Promise<number> {
  const [sub, ...rest] = args
  try {
    switch (sub) {
      case 'init':
        return await init(rest)
      case 'up':
        return await up(rest)
      case 'down':
        return await down(rest)
      case 'status':
        return await status(rest)
      case undefined:
      case 'help':
      case '--help':
        process.stdout.write(usage)
        return 0
      default:
        process.stderr.write(`evswap network: unknown subcommand "${sub}"\n\n${usage}`)
        return 2
    }
  } catch (error) {
    if (error instanceof NetworkError || (error instanceof TypeError && 'code' in error && String(error.code).startsWith('ERR_PARSE_ARGS'))) {
      process.stderr.write(`evswap network ${sub}: ${error.message}\n`)
      return error instanceof NetworkError ? 1 : 2
    }
    throw error
  }
}

async function init(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    strict: true,
    options: {
      stations: { type: 'string' },
      dir: { type: 'string' },
      period: { type: 'string' },
      'gas-limit': { type: 'string' },
      force: { type: 'boolean' },
      'http-port': { type: 'string' },
      'ws-port': { type: 'string' },
      'p2p-port': { type: 'string' },
      'authrpc-port': { type: 'string' },
    },
  })
  if (values.stations === undefined) throw new NetworkError('--stations is required', { hint: 'e.g. `evswap network init --stations 4`' })
  const ports = {
    ...(values['http-port'] ? { http: integer('--http-port', values['http-port']) } : {}),
    ...(values['ws-port'] ? { ws: integer('--ws-port', values['ws-port']) } : {}),
    ...(values['p2p-port'] ? { p2p: integer('--p2p-port', values['p2p-port']) } : {}),
    ...(values['authrpc-port'] ? { authrpc: integer('--authrpc-port', values['authrpc-port']) } : {}),
  }
  const network = await initNetwork({
    stations: integer('--stations', values.stations),
    ...(values.dir ? { dir: values.dir } : {}),
    ...(values.period ? { period: integer('--period', values.period) } : {}),
    ...(values['gas-limit'] ? { gasLimit: integer('--gas-limit', values['gas-limit']) } : {}),
    ports,
    force: values.force ?? false,
  })
  process.stdout.write(
    `created a ${network.stations.length}-station Clique network (chain ${network.chainId}, ${network.period} s blocks) in ${network.dir}\n` +
      network.stations.map((s) => `  station ${s.index}: signer ${s.signer}  ${s.httpUrl}  ${s.wsUrl}\n`).join('') +
      `keys and urls: ${network.dir}/network.json\nnext: evswap network up${dirFlag(values.dir)}\n`,
  )
  return 0
}

async function up(args: string[]): Promise<number> {
  const { values } = parseArgs({ args, strict: true, options: { dir: { type: 'string' }, only: { type: 'string' } } })
  const network = loadNetwork(values.dir)
  const only = values.only ? indices(values.only) : undefined
  const started = await startNetwork(network, only ? { only } : {})
  for (const s of started) {
    const station = network.stations.find((x) => x.index === s.index)!
    process.stdout.write(
      `station ${s.index}: ${s.alreadyRunning ? 'already running' : 'started'} (pid ${s.pid}), ${s.peers} peers, head ${s.head}, log ${nodePaths(station.datadir).log}\n`,
    )
  }
  return 0
}

async function down(args: string[]): Promise<number> {
  const { values } = parseArgs({ args, strict: true, options: { dir: { type: 'string' }, only: { type: 'string' }, force: { type: 'boolean' } } })
  const network = loadNetwork(values.dir)
  const only = values.only ? indices(values.only) : undefined
  const stopped = await stopNetwork(network, { ...(only ? { only } : {}), force: values.force ?? false })
  for (const s of stopped) {
    process.stdout.write(`station ${s.index}: ${s.wasRunning ? `stopped (pid ${s.pid}${s.killed ? ', killed' : ''})` : 'was not running'}\n`)
  }
  return 0
}

async function status(args: string[]): Promise<number> {
  const { values } = parseArgs({ args, strict: true, options: { dir: { type: 'string' }, json: { type: 'boolean' } } })
  const network = loadNetwork(values.dir)
  const rows = await networkStatus(network)
  if (values.json) {
    const json = { dir: network.dir, chainId: network.chainId, stations: rows }
    process.stdout.write(`${JSON.stringify(json, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v), 2)}\n`)
  } else {
    process.stdout.write(table(rows))
  }
  // Non-zero when any station is down, so scripts can wait on `evswap network status`.
  return rows.every((r) => r.up) ? 0 : 1
}

function table(rows: readonly NodeStatus[]): string {
  const header = ['station', 'url', 'state', 'signer', 'peers', 'head', 'lag']
  const cells = rows.map((r) => [
    String(r.index ?? r.name),
    r.httpUrl,
    r.up ? 'up' : r.pid !== undefined ? `down (pid ${r.pid} not answering)` : 'down',
    r.signer === undefined ? '-' : r.signer ? 'yes' : 'no',
    r.peers === undefined ? '-' : String(r.peers),
    r.head === undefined ? '-' : String(r.head),
    r.lag === undefined ? '-' : String(r.lag),
  ])
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i]!.length)))
  return [header, ...cells].map((line) => `${line.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd()}\n`).join('')
}

function integer(flag: string, value: string): number {
  const n = Number(value)
  if (!Number.isSafeInteger(n)) throw new NetworkError(`${flag} must be an integer, got "${value}"`)
  return n
}

function indices(list: string): number[] {
  return list.split(',').map((s) => integer('--only', s.trim()))
}

function dirFlag(dir: string | undefined): string {
  return dir ? ` --dir ${dir}` : ''
}
