// `evswap network init|join|up|down|status|propose|votes`: the stations' geth Clique network (see docs/network.md).
import { existsSync } from 'node:fs'
import { join as joinPath } from 'node:path'
import type { NodeStatus } from '../../network/index.js'
import { networkDefaults } from '../../network/networkDefaults.js'
import { formatUsage } from '../formatUsage.js'
import { integerFlag, PORT_RANGE } from '../integerFlag.js'
import { parseArgs } from '../parseArgs.js'
import { UsageError } from '../UsageError.js'

const DIR = ['--dir D', `the network's folder: network.json, one geth datadir per station (default ${networkDefaults.dir})`] as [string, string]
const ONLY = ['--only 1,2', 'only these stations (by index; default all)'] as [string, string]
const STATION = ['--station N', "the station whose node is asked (default: the first one run from --dir)"] as [string, string]

/** Usage of `evswap network` and of init, up, down and status. */
export const help: Record<string, string> = {
  init: formatUsage({
    synopsis: [
      'evswap network init --stations N [--dir D] [--period S] [--gas-limit G] [--force]',
      '    [--hosts A,B,…] [--netrestrict CIDR] [--http-port B] [--ws-port B] [--p2p-port B] [--authrpc-port B]',
    ],
    what: "Creates the keys, the Clique genesis and one geth datadir per station (each station a signer).",
    args: [
      ['--stations N', 'how many stations (required)'],
      DIR,
      ['--period S', `seconds between blocks (default ${networkDefaults.period})`],
      ['--gas-limit G', `the genesis block's gas limit (default ${networkDefaults.gasLimit})`],
      ['--force', 'replace a network that exists in --dir'],
      ['--hosts A,B,…', "each station's p2p address (its machine's IP), in station order (default 127.0.0.1)"],
      ['--netrestrict CIDR', "the network's addresses, e.g. 10.0.0.0/16: p2p from and to any other address is refused"],
      ['--http-port B', `base ports: station i uses B + i (also --ws-port, --p2p-port, --authrpc-port);\ndefaults: http ${networkDefaults.ports.http}, ws ${networkDefaults.ports.ws}, p2p ${networkDefaults.ports.p2p}, authrpc ${networkDefaults.ports.authrpc}`],
    ],
    examples: ['npx evswap network init --stations 4'],
  }),
  join: formatUsage({
    synopsis: [
      'evswap network join --network FILE --host ADDR [--dir D] [--name N]',
      '    [--http-port P] [--ws-port P] [--p2p-port P] [--authrpc-port P]',
    ],
    what:
      "On a new station's machine: makes its keys here, initialises its geth from the network's public\n" +
      'description (a network.json from any station; a deployment.json beside it is copied), starts it, and\n' +
      "prints its signer address and enode. It syncs, and seals once a majority of the signers voted it in.",
    args: [
      ['--network FILE', "the network's network.json (it holds no key)"],
      ['--host ADDR', "this machine's address, where the other stations reach its p2p port"],
      ['--dir D', `this station's folder (default ${networkDefaults.dir})`],
      ['--name N', 'its datadir name (default station-<index>)'],
      ['--p2p-port P', `its ports (also --http-port, --ws-port, --authrpc-port; default base + index, e.g. p2p ${networkDefaults.ports.p2p + 5} for station 5)`],
    ],
    examples: ['npx evswap network join --network /media/usb/network.json --host 10.0.0.5'],
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
  propose: formatUsage({
    synopsis: 'evswap network propose ADDRESS --add|--remove|--discard [--dir D] [--station N]',
    what:
      "Casts this operator's vote on its own node (over IPC): add ADDRESS as a signer, remove it, or take the\n" +
      'vote back. The node puts the vote into the blocks it seals; a majority of the signers decides.',
    args: [
      ['ADDRESS', "the station's signer address (as `network join` printed it)"],
      ['--add', 'vote it in'],
      ['--remove', 'vote it out (it can no longer seal)'],
      ['--discard', "take this node's vote back"],
      DIR,
      STATION,
    ],
    examples: ['npx evswap network propose 0x5c3b…91aF --add', 'npx evswap network propose 0x5c3b…91aF --remove --station 2'],
  }),
  votes: formatUsage({
    synopsis: 'evswap network votes [--dir D] [--station N] [--json]',
    what: "The signers, the votes on chain that have not passed yet, and this node's own proposals.",
    args: [DIR, STATION, ['--json', 'print JSON instead of text']],
    examples: ['npx evswap network votes'],
  }),
}
help[''] = formatUsage({
  synopsis: 'evswap network init|join|up|down|status|propose|votes [flags]',
  what: "The stations' geth Clique network (docs/network.md). `evswap network SUBCOMMAND --help` for each:",
  args: [
    ['init', 'create keys, genesis and one geth datadir per station'],
    ['join', "set up and start a new station's node on its own machine, from the public network.json"],
    ['up', "start the stations' nodes"],
    ['down', 'stop them'],
    ['status', 'what each node is doing'],
    ['propose', 'vote a station in or out as a signer'],
    ['votes', 'the signers and the votes pending'],
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
    case 'join':
      return join(rest)
    case 'propose':
      return propose(rest)
    case 'votes':
      return votes(rest)
    default:
      throw new UsageError(
        sub === undefined ? `say what to do: ${SUBCOMMANDS}` : `there is no subcommand "${sub}"; the subcommands are ${SUBCOMMANDS}`,
      )
  }
}

let net: typeof import('../../network/index.js')

const SUBCOMMANDS = 'init, join, up, down, status, propose or votes'

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
      hosts: { type: 'string' },
      netrestrict: { type: 'string' },
  })
  if (values.stations === undefined) throw new UsageError('--stations N is required: how many stations the network has')
  const network = await net.initNetwork({
    ...(values.hosts ? { hosts: values.hosts.split(',').map((h) => h.trim()) } : {}),
    ...(values.netrestrict ? { netrestrict: values.netrestrict } : {}),
    stations: integerFlag('--stations', values.stations, 0, { min: 1, max: 256 }),
    ...(values.dir ? { dir: values.dir } : {}),
    ...(values.period ? { period: integerFlag('--period', values.period, 0, { min: 1, max: 3600 }) } : {}),
    ...(values['gas-limit'] ? { gasLimit: integerFlag('--gas-limit', values['gas-limit'], 0, { min: 5000, max: Number.MAX_SAFE_INTEGER }) } : {}),
    ports: portFlags(values),
    force: values.force ?? false,
  })
  process.stdout.write(
    `created a ${network.stations.length}-station Clique network (chain ${network.chainId}, ${network.period} s blocks) in ${network.dir}\n` +
      network.stations.map((s) => `  station ${s.index}: signer ${s.signer}  ${s.httpUrl}  ${s.wsUrl}  ${s.enode}\n`).join('') +
      `public description (no keys; a new station joins with it): ${network.dir}/network.json\n` +
      `keys: in each station's datadir\nnext: evswap network up${dirFlag(values.dir)}\n`,
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

/** The four port flags, each a whole port number (bases for init, the ports themselves for join). */
function portFlags(values: Partial<Record<'http-port' | 'ws-port' | 'p2p-port' | 'authrpc-port', string>>) {
  return {
    ...(values['http-port'] ? { http: integerFlag('--http-port', values['http-port'], 0, PORT_RANGE) } : {}),
    ...(values['ws-port'] ? { ws: integerFlag('--ws-port', values['ws-port'], 0, PORT_RANGE) } : {}),
    ...(values['p2p-port'] ? { p2p: integerFlag('--p2p-port', values['p2p-port'], 0, PORT_RANGE) } : {}),
    ...(values['authrpc-port'] ? { authrpc: integerFlag('--authrpc-port', values['authrpc-port'], 0, PORT_RANGE) } : {}),
  }
}

async function join(args: string[]): Promise<number> {
  const values = flags(args, {
    network: { type: 'string' },
    host: { type: 'string' },
    dir: { type: 'string' },
    name: { type: 'string' },
    'http-port': { type: 'string' },
    'ws-port': { type: 'string' },
    'p2p-port': { type: 'string' },
    'authrpc-port': { type: 'string' },
  })
  if (values.network === undefined) throw new UsageError("--network FILE is required: the network's network.json, from any station's operator")
  if (values.host === undefined) throw new UsageError("--host ADDR is required: this machine's address, where the other stations reach it")
  const { network, station } = await net.joinNetwork({
    description: values.network,
    host: values.host,
    dir: values.dir ?? networkDefaults.dir,
    ...(values.name ? { name: values.name } : {}),
    ports: portFlags(values),
  })
  process.stdout.write(`joined as ${station.name} in ${network.dir}\n  signer  ${station.signer}\n  enode   ${station.enode}\n  relayer ${station.relayer.address}\n`)
  const started = await net.startNode(network, station, { minPeers: 1 })
  process.stdout.write(
    `node started (pid ${started.pid}), ${started.peers} peers, head ${started.head}; it syncs, and seals once a majority of the signers has voted it in.\n` +
      `ask each signer's operator to run: evswap network propose ${station.signer} --add\n` +
      `its relayer ${station.relayer.address} holds no Ether yet: have it funded before the station relays for devices\n` +
      (existsSync(joinPath(network.dir, 'deployment.json'))
        ? ''
        : `no deployment.json came with the description: ask for it, and put it in ${network.dir}, before running \`evswap station\`\n`),
  )
  return 0
}

/** The station of --dir whose node is asked: --station N, or the first one run from there. */
function pickStation(network: import('../../network/index.js').EvswapNetwork, value: string | undefined) {
  if (value !== undefined) return net.findStation(network, integerFlag('--station', value, 1, { min: 1, max: 100_000 }))
  const first = network.stations[0]
  if (!first) throw new UsageError(`no station runs from ${network.dir}; pass the --dir of a station's own network folder`)
  return first
}

async function propose(args: string[]): Promise<number> {
  const parsed = parseArgs(args, {
    add: { type: 'boolean' },
    remove: { type: 'boolean' },
    discard: { type: 'boolean' },
    dir: { type: 'string' },
    station: { type: 'string' },
  })
  const [address, ...more] = parsed.positionals
  if (address === undefined) throw new UsageError('say which signer address to vote on: evswap network propose ADDRESS --add|--remove')
  if (more.length) throw new UsageError(`unexpected argument "${more[0]}"; propose takes one ADDRESS`)
  if (!/^0x[0-9a-fA-F]{40}$/.test(address)) throw new UsageError(`"${address}" is not an address; pass the station's signer address (0x and 40 hex digits)`)
  const { values } = parsed
  const chosen = (['add', 'remove', 'discard'] as const).filter((k) => values[k])
  if (chosen.length !== 1) throw new UsageError('say what to vote: exactly one of --add, --remove or --discard')
  const network = net.loadNetwork(values.dir)
  const station = pickStation(network, values.station)
  await net.proposeSigner(station, address, chosen[0]!)
  const votes = await net.readVotes(station)
  const words = { add: 'to add', remove: 'to remove', discard: 'discarded its vote on' }[chosen[0]!]
  process.stdout.write(
    `${station.name} votes ${words} ${address}; ${votes.needed} of ${votes.signers.length} signers must vote the same for it to pass.\n`,
  )
  return 0
}

async function votes(args: string[]): Promise<number> {
  const values = flags(args, { dir: { type: 'string' }, station: { type: 'string' }, json: { type: 'boolean' } })
  const network = net.loadNetwork(values.dir)
  const station = pickStation(network, values.station)
  const v = await net.readVotes(station)
  if (values.json) {
    process.stdout.write(`${JSON.stringify({ station: station.name, ...v }, (_k, x: unknown) => (typeof x === 'bigint' ? x.toString() : x), 2)}\n`)
    return 0
  }
  const name = (a: string) => network.members.find((m) => m.signer.toLowerCase() === a.toLowerCase())?.name ?? a
  const lines = [
    `as seen by ${station.name} at block ${v.block}: ${v.signers.length} signers, a change needs ${v.needed} votes`,
    ...v.signers.map((a) => `  signer ${a}  ${name(a) === a ? '' : name(a)}`.trimEnd()),
    v.pending.length ? 'pending on chain:' : 'pending on chain: none',
    ...v.pending.map((p) => `  ${p.authorize ? 'add' : 'remove'} ${p.address}: ${p.voters.length} of ${v.needed} (${p.voters.map(name).join(', ')})`),
    v.proposals.length ? `${station.name} votes:` : `${station.name} votes: none`,
    ...v.proposals.map((p) => `  ${p.authorize ? 'add' : 'remove'} ${p.address}`),
  ]
  process.stdout.write(`${lines.join('\n')}\n`)
  return 0
}
