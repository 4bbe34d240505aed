// `evswap network init|up|down|status`: the stations' local geth Clique network (see docs/network.md).
import type { NodeStatus } from '../../network/index.js'
import { networkDefaults } from '../../network/networkDefaults.js'
import { formatUsage } from '../formatUsage.js'
import { integerFlag, PORT_RANGE } from '../integerFlag.js'
import { parseArgs } from '../parseArgs.js'
import { UsageError } from '../UsageError.js'

const DIR = ['--dir D', `the network's folder: network.json, one geth datadir per station (default ${networkDefaults.dir})`] as [string, string]
const ONLY = ['--only 1,2', 'only these stations (by index; default all)'] as [string, string]

/** Usage of `evswap network` and of init, up, down and status. */
export const help: Record<string, string> = {
  init: formatUsage({
    synopsis: ['evswap network init --stations N [--dir D] [--period S] [--gas-limit G] [--force]', '    [--http-port B] [--ws-port B] [--p2p-port B] [--authrpc-port B]'],
    what: "Creates the keys, the Clique genesis and one geth datadir per station (each station a signer).",
    args: [
      ['--stations N', 'how many stations (required)'],
      DIR,
      ['--period S', `seconds between blocks (default ${networkDefaults.period})`],
      ['--gas-limit G', `the genesis block's gas limit (default ${networkDefaults.gasLimit})`],
      ['--force', 'replace a network that exists in --dir'],
      ['--http-port B', `base ports: station i uses B + i (also --ws-port, --p2p-port, --authrpc-port);\ndefaults: http ${networkDefaults.ports.http}, ws ${networkDefaults.ports.ws}, p2p ${networkDefaults.ports.p2p}, authrpc ${networkDefaults.ports.authrpc}`],
    ],
    examples: ['npx evswap network init --stations 4'],
  }),
  up: formatUsage({
    synopsis: 'evswap network up [--dir D] [--only 1,2]',
    what: "Starts the stations' geth nodes in the background and waits for their peers.",
    args: [DIR, ONLY],
    examples: ['npx evswap network up'],
  }),
  down: formatUsage({
    synopsis: 'evswap network down [--dir D] [--only 3] [--force]',
    what: 'Stops the nodes (SIGTERM, then SIGKILL after 20 s).',
    args: [DIR, ONLY, ['--force', 'SIGKILL at once']],
    examples: ['npx evswap network down --only 3'],
  }),
  status: formatUsage({
    synopsis: 'evswap network status [--dir D] [--json]',
    what: 'Per station: url, state, signer, peers, head, lag. Exit 1 when a station is down, so a script can wait on it.',
    args: [DIR, ['--json', 'print JSON instead of a table']],
    examples: ['npx evswap network status --json'],
  }),
}
help[''] = formatUsage({
  synopsis: 'evswap network init|up|down|status [flags]',
  what: "The stations' local geth Clique network (docs/network.md). `evswap network SUBCOMMAND --help` for each:",
  args: [
    ['init', 'create keys, genesis and one geth datadir per station'],
    ['up', "start the stations' nodes"],
    ['down', 'stop them'],
    ['status', 'what each node is doing'],
  ],
  examples: ['npx evswap network init --stations 4 && npx evswap network up && npx evswap network status'],
})

/**
 * Runs `evswap network <subcommand>`; returns the process exit code (0 ok, 1 failed, 2 bad usage).
 *
 * @example
 * process.exitCode = await run(['init', '--stations', '4'])
 */
export async function run(args: string[]): Promise<number> {
  const [sub, ...rest] = args
  // Loaded here, not at the top: help and usage mistakes answer without loading the network code.
  net = await import('../../network/index.js')
  switch (sub) {
    case 'init':
      return init(rest)
    case 'up':
      return up(rest)
    case 'down':
      return down(rest)
    case 'status':
      return status(rest)
    default:
      throw new UsageError(sub === undefined ? 'say what to do: init, up, down or status' : `there is no subcommand "${sub}"; the subcommands are init, up, down and status`)
  }
}

let net: typeof import('../../network/index.js')

/** Flags only: a word left over is a mistake, said as one. */
function flags<T extends Parameters<typeof parseArgs>[1]>(args: string[], options: T) {
  const parsed = parseArgs(args, options)
  if (parsed.positionals.length) throw new UsageError(`unexpected argument "${parsed.positionals[0]}"`)
  return parsed.values
}

async function init(args: string[]): Promise<number> {
  const values = flags(args, {
      stations: { type: 'string' },
      dir: { type: 'string' },
      period: { type: 'string' },
      'gas-limit': { type: 'string' },
      force: { type: 'boolean' },
      'http-port': { type: 'string' },
      'ws-port': { type: 'string' },
      'p2p-port': { type: 'string' },
      'authrpc-port': { type: 'string' },
  })
  if (values.stations === undefined) throw new UsageError('--stations N is required: how many stations the network has')
  const ports = {
    ...(values['http-port'] ? { http: integerFlag('--http-port', values['http-port'], 0, PORT_RANGE) } : {}),
    ...(values['ws-port'] ? { ws: integerFlag('--ws-port', values['ws-port'], 0, PORT_RANGE) } : {}),
    ...(values['p2p-port'] ? { p2p: integerFlag('--p2p-port', values['p2p-port'], 0, PORT_RANGE) } : {}),
    ...(values['authrpc-port'] ? { authrpc: integerFlag('--authrpc-port', values['authrpc-port'], 0, PORT_RANGE) } : {}),
  }
  const network = await net.initNetwork({
    stations: integerFlag('--stations', values.stations, 0, { min: 1, max: 256 }),
    ...(values.dir ? { dir: values.dir } : {}),
    ...(values.period ? { period: integerFlag('--period', values.period, 0, { min: 1, max: 3600 }) } : {}),
    ...(values['gas-limit'] ? { gasLimit: integerFlag('--gas-limit', values['gas-limit'], 0, { min: 5000, max: Number.MAX_SAFE_INTEGER }) } : {}),
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
  const values = flags(args, { dir: { type: 'string' }, only: { type: 'string' } })
  const only = values.only ? indices(values.only) : undefined
  const network = net.loadNetwork(values.dir)
  const started = await net.startNetwork(network, only ? { only } : {})
  for (const s of started) {
    const station = network.stations.find((x) => x.index === s.index)!
    process.stdout.write(
      `station ${s.index}: ${s.alreadyRunning ? 'already running' : 'started'} (pid ${s.pid}), ${s.peers} peers, head ${s.head}, log ${net.nodePaths(station.datadir).log}\n`,
    )
  }
  return 0
}

async function down(args: string[]): Promise<number> {
  const values = flags(args, { dir: { type: 'string' }, only: { type: 'string' }, force: { type: 'boolean' } })
  const only = values.only ? indices(values.only) : undefined
  const network = net.loadNetwork(values.dir)
  const stopped = await net.stopNetwork(network, { ...(only ? { only } : {}), force: values.force ?? false })
  for (const s of stopped) {
    process.stdout.write(`station ${s.index}: ${s.wasRunning ? `stopped (pid ${s.pid}${s.killed ? ', killed' : ''})` : 'was not running'}\n`)
  }
  return 0
}

async function status(args: string[]): Promise<number> {
  const values = flags(args, { dir: { type: 'string' }, json: { type: 'boolean' } })
  const network = net.loadNetwork(values.dir)
  const rows = await net.networkStatus(network)
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

function indices(list: string): number[] {
  return list.split(',').map((s) => integerFlag('--only', s.trim(), 0, { min: 1, max: 256 }))
}

function dirFlag(dir: string | undefined): string {
  return dir ? ` --dir ${dir}` : ''
}
