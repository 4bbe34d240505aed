// `evswap bench paper|load|index|network`: the paper's experiment (Fig. 9, Fig. 10), the load benchmark, the index benchmark and the network's growth. The benchmark
// code lives in bench/ (outside src/, so the main build and a device's install never carry it) and is built
// into dist/bench/ by bench/tsconfig.json; this command builds it first when it is missing or stale, after
// it has checked the command line (a typo costs no compile).
import { spawnSync } from 'node:child_process'
import { existsSync, readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { findPackageRoot } from '../../rich/node/findPackageRoot.js'
import { EvswapError } from '../../sdk/errors/EvswapError.js'
import { formatUsage } from '../formatUsage.js'
import { parseArgs } from '../parseArgs.js'
import { UsageError } from '../UsageError.js'
import { benchFlags, benchTextFlags } from './benchFlags.js'

const OUT = ['--out DIR', 'where the JSON, CSV, SVG and markdown report go (default bench/results/…)'] as [string, string]
const KEEP = ['--keep', 'keep the temporary work folder'] as [string, string]

/** Usage of `evswap bench`, `bench paper` and `bench load`. */
export const help: Record<string, string> = {
  paper: formatUsage({
    synopsis: [
      'evswap bench paper [--runs 10] [--discharges 3] [--stations 2] [--interval-ms 250] [--footprint-idle-s 20]',
      '    [--footprint-discharges 20] [--background OPS_PER_S] [--device-node-options="…"] [--out DIR] [--keep]',
    ],
    what:
      "The paper's experiment (section 3.4, Fig. 9 and 10): initialization, EV discharging, battery swapping and\n" +
      'station charging on the 2nd implementation (non-mining geth + app on the device) and on the 3rd (thin\n' +
      "client); the device's CPU, memory and network over time, and discharge times.",
    args: [
      ['--runs N', 'repetitions (default 10)'],
      ['--discharges N', 'discharges per run (default 3)'],
      ['--stations N', 'stations of the geth network (default 2)'],
      ['--interval-ms N', 'sampling interval of the device\'s footprint (default 250, at least 50)'],
      ['--footprint-idle-s N', 'seconds of idle footprint measured (default 20)'],
      ['--footprint-discharges N', 'discharges in the footprint measure (default 20)'],
      ['--background N', 'other EVs discharge N times a second meanwhile (default 0, as in the paper)'],
      ['--device-node-options S', "NODE_OPTIONS for the devices' Node processes"],
      OUT,
      KEEP,
    ],
    examples: ['npx evswap bench paper --runs 3', 'npx evswap bench paper --background 75'],
  }),
  load: formatUsage({
    synopsis: 'evswap bench load [--stations 4] [--evs 1000] [--seconds 60] [--warmup-s 5] [--rate OPS_PER_S] [--out DIR] [--keep]',
    what:
      "Sustained confirmed battery operations per second through the stations' relays (batched), then the\n" +
      "same load the paper's way (one transaction per operation), on a geth Clique network.",
    args: [
      ['--stations N', 'stations of the geth network (default 4)'],
      ['--evs N', 'simulated EVs (default 1000)'],
      ['--seconds N', 'measured seconds (default 60, at least 5)'],
      ['--warmup-s N', 'seconds before measuring (default 5)'],
      ['--rate N', 'at most N operations a second in all (default: as many as the network confirms)'],
      OUT,
      KEEP,
    ],
    examples: ['npx evswap bench load --seconds 30 --rate 75'],
  }),
  index: formatUsage({
    synopsis: 'evswap bench index [--events 1000000] [--clients 8] [--seconds 30] [--out DIR] [--keep]',
    what:
      "The station's chain index in PGlite and in PostgreSQL against the old in-memory index, on an anvil history of\n" +
      'N contract events (built once, cached under .evswap/bench-index/): indexing throughput and memory, restart\n' +
      'time, and query latencies idle and under load.',
    args: [
      ['--events N', 'contract events of the history (default 1000000)'],
      ['--clients N', 'concurrent query clients under load (default 8)'],
      ['--seconds N', 'seconds of the loaded phase (default 30, at least 5)'],
      OUT,
      KEEP,
    ],
    examples: ['npx evswap bench index --events 20000'],
  }),
  network: formatUsage({
    synopsis: 'evswap bench network [--nodes 16] [--signers 5] [--seconds 60] [--rate 20] [--out DIR] [--keep]',
    what:
      'How the network grows: at 2, 4, 8, … up to N nodes, each geth in a network namespace of its own (needs root),\n' +
      'the signers seal and the other stations joined and only import; under the same paced load at every size,\n' +
      "block propagation to every node (p50, p99), head agreement, each node's CPU and memory, and CPU per\n" +
      'confirmed transfer.',
    args: [
      ['--nodes N', 'nodes of the largest network (default 16, at least 2)'],
      ['--signers N', 'Clique signers of each network (default 5; fewer when the network is smaller)'],
      ['--seconds N', 'seconds of paced load per size (default 60, at least 5)'],
      ['--rate N', 'value transfers a second sent to station 1 (default 20)'],
      ['--out DIR', 'where network.json and network.md go (default bench/results/network)'],
      KEEP,
    ],
    examples: ['sudo npx evswap bench network --nodes 4 --signers 2 --seconds 20', 'sudo npx evswap bench network --nodes 16 --signers 5'],
  }),
}
help[''] = formatUsage({
  synopsis: 'evswap bench paper|load|index|network [flags]',
  what:
    "The benchmarks, built from bench/ on first use. `evswap bench paper --help` and `evswap bench load --help`\n" +
    'list each one\'s flags.',
  args: [
    ['paper', "the paper's Fig. 9/10 experiment: a device's footprint, thin client against geth + app"],
    ['load', 'confirmed operations per second through the relays, against one transaction each'],
    ['index', 'the chain index in PGlite and PostgreSQL against the old in-memory index'],
    ['network', 'how the network grows: propagation, head agreement, CPU and memory per node, 2 to N nodes'],
  ],
  examples: ['npx evswap bench paper --runs 3'],
})

/**
 * Runs a benchmark; returns the process exit code.
 *
 * @example
 * process.exitCode = await run(['paper', '--runs', '10'])
 */
export async function run(args: string[]): Promise<number> {
  const [name, ...rest] = args
  if (name !== 'paper' && name !== 'load' && name !== 'index' && name !== 'network') {
    throw new UsageError(
      name === undefined ? 'say which benchmark: paper or load, index or network' : `there is no benchmark "${name}"; the benchmarks are paper, load, index and network`,
    )
  }
  const { values, positionals } = parseArgs(rest, benchFlags[name])
  if (positionals.length) throw new UsageError(`unexpected argument "${positionals[0]}"`)
  for (const [flag, value] of Object.entries(values)) {
    if (typeof value === 'string' && !benchTextFlags.includes(flag) && !(value.trim() !== '' && Number(value) >= 0)) {
      throw new UsageError(`--${flag} must be a number >= 0, not "${value}"`)
    }
  }
  if (name === 'network') {
    // Whole numbers: a network has at least 2 nodes and 1 signer.
    for (const [flag, least] of [['nodes', 2], ['signers', 1]] as const) {
      const value = values[flag as keyof typeof values]
      if (typeof value === 'string' && !(Number.isInteger(Number(value)) && Number(value) >= least)) {
        throw new UsageError(`--${flag} must be a whole number >= ${least}, not "${value}"`)
      }
    }
  }
  const root = findPackageRoot()
  const entry = join(root, 'dist', 'bench', 'bench', 'main.js')
  if (!existsSync(entry) || newestSource(root) > statSync(entry).mtimeMs) build(root)
  const mod = (await import(pathToFileURL(entry).href)) as { run: (args: string[]) => Promise<number> }
  return mod.run(args)
}

function build(root: string): void {
  const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc')
  if (!existsSync(tsc)) throw new EvswapError('the benchmarks need the TypeScript compiler', { hint: 'run npm install in the repository' })
  process.stderr.write('evswap bench: building the benchmarks (tsc -p bench/tsconfig.json)...\n')
  const r = spawnSync(process.execPath, [tsc, '-p', join(root, 'bench', 'tsconfig.json')], { stdio: 'inherit' })
  if (r.status !== 0) throw new EvswapError('building the benchmarks failed', { hint: 'fix the type errors above, or run `npx tsc -p bench/tsconfig.json`' })
}

/** The newest modification time of a .ts file under bench/ and src/ (web GUI excluded). */
function newestSource(root: string): number {
  let newest = 0
  const walk = (dir: string) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      if (e.name === 'results' || e.name === 'web' || e.name === 'node_modules') continue
      const p = join(dir, e.name)
      if (e.isDirectory()) walk(p)
      else if (e.name.endsWith('.ts')) newest = Math.max(newest, statSync(p).mtimeMs)
    }
  }
  for (const d of ['bench', 'src']) if (existsSync(join(root, d))) walk(join(root, d))
  return newest
}
