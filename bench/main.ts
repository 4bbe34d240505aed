// `evswap bench <paper|load|index|network>`: entry of the benchmarks (built by bench/tsconfig.json into dist/bench).
import { join, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { findPackageRoot } from '../src/rich/node/findPackageRoot.js'
import { benchFlags } from '../src/cli/commands/benchFlags.js'
import { runIndexBench } from './index/runIndexBench.js'
import { runLoad } from './load/runLoad.js'
import { runNetworkBench } from './network/runNetworkBench.js'
import { runPaper } from './paper/runPaper.js'

const usage = `usage: evswap bench <benchmark> [options]

  paper [--runs 10] [--discharges 3] [--stations 2] [--interval-ms 250]
        [--footprint-idle-s 20] [--footprint-discharges 20] [--background OPS_PER_S]
        [--device-node-options="--max-semi-space-size=1"] [--out bench/results] [--keep]
      The paper's experiment (section 3.4, Fig. 9 and 10): the scenario (initialization, EV discharging,
      battery swapping, station charging) on the 2nd implementation (non-mining geth + app on the device)
      and on the 3rd (thin client), CPU / memory / network of the device over time, discharge times.
      --background N: other EVs discharge N times a second on the network meanwhile (the paper: none).
      --device-node-options: NODE_OPTIONS for the devices' Node processes (thin client, 2nd impl.'s app).

  load [--stations 4] [--evs 1000] [--seconds 60] [--warmup-s 5] [--rate OPS_PER_S] [--out bench/results] [--keep]
      Sustained confirmed battery operations per second through the stations' relays (batched), then the
      same load the paper's way (one transaction per operation), on a geth Clique network.
      --rate N: EVs start at most N operations a second in all (default: each starts its next as soon as its
      last is answered, i.e. as many as the network confirms); results default to bench/results/load-rate-N/.

  index [--events 1000000] [--clients 8] [--seconds 30] [--out bench/results/index] [--keep]
      The station's chain index in a database (PGlite, PostgreSQL) against the old in-memory index, on an anvil
      history of about N contract events (built once and cached under .evswap/bench-index/events-N/): indexing
      throughput from empty and resident memory, restart time to ready, query latencies idle and under load.

  network [--nodes 16] [--signers 5] [--seconds 60] [--rate 20] [--out bench/results/network] [--keep]
      How the network grows: at 2, 4, 8, ... up to --nodes nodes, each geth in a network namespace of its own
      (needs root), the signers seal and the others joined and only import; under --rate transfers a second
      sent to station 1, block propagation (p50, p99), head agreement, CPU and memory per node, CPU per
      confirmed transfer.

Results go to --out as JSON, CSV, SVG and a markdown report. --keep keeps the temporary work folder.
`

/**
 * Runs a benchmark; answers the exit code.
 *
 * @example
 * process.exitCode = await run(['paper', '--runs', '3'])
 */
export async function run(args: string[]): Promise<number> {
  const [name, ...rest] = args
  const root = findPackageRoot()
  // src/ modules find tools/bin/geth relative to their own file; in dist/bench/src that is one level off.
  process.env.EVSWAP_GETH ??= join(root, 'tools', 'bin', 'geth')
  const command = `node dist/cli/main.js bench ${args.join(' ')}`.trim()
  const int = (v: string | undefined, d: number, flag: string) => {
    if (v === undefined) return d
    const n = Number(v)
    if (!Number.isFinite(n) || n < 0) throw new Error(`${flag} must be a number >= 0, got ${v}`)
    return n
  }
  if (name === 'paper') {
    const { values } = parseArgs({
      args: rest,
      strict: true,
      options: benchFlags.paper,
    })
    const background = int(values.background, 0, '--background')
    return runPaper({
      runs: Math.max(1, int(values.runs, 10, '--runs')),
      discharges: Math.max(1, int(values.discharges, 3, '--discharges')),
      stations: Math.max(1, int(values.stations, 2, '--stations')),
      intervalMs: Math.max(50, int(values['interval-ms'], 250, '--interval-ms')),
      footprintIdleSeconds: int(values['footprint-idle-s'], 20, '--footprint-idle-s'),
      footprintDischarges: Math.max(1, int(values['footprint-discharges'], 20, '--footprint-discharges')),
      backgroundOpsPerSecond: background,
      ...(values['device-node-options'] ? { deviceNodeOptions: values['device-node-options'] } : {}),
      // A busy-network run writes beside the paper's setting instead of over it.
      outDir: resolve(values.out ?? join(root, 'bench', 'results', background > 0 ? `paper-background-${background}` : '')),
      keep: values.keep ?? false,
      command,
    })
  }
  if (name === 'load') {
    const { values } = parseArgs({
      args: rest,
      strict: true,
      options: benchFlags.load,
    })
    const rate = int(values.rate, 0, '--rate')
    return runLoad({
      stations: Math.max(1, int(values.stations, 4, '--stations')),
      evs: Math.max(1, int(values.evs, 1000, '--evs')),
      seconds: Math.max(5, int(values.seconds, 60, '--seconds')),
      warmupSeconds: int(values['warmup-s'], 5, '--warmup-s'),
      ratePerSecond: rate,
      outDir: resolve(values.out ?? join(root, 'bench', 'results', rate > 0 ? `load-rate-${rate}` : '')),
      keep: values.keep ?? false,
      command,
    })
  }
  if (name === 'index') {
    const { values } = parseArgs({
      args: rest,
      strict: true,
      options: benchFlags.index,
    })
    return runIndexBench({
      events: Math.max(1000, int(values.events, 1_000_000, '--events')),
      clients: Math.max(1, int(values.clients, 8, '--clients')),
      loadedSeconds: Math.max(5, int(values.seconds, 30, '--seconds')),
      outDir: resolve(values.out ?? join(root, 'bench', 'results', 'index')),
      keep: values.keep ?? false,
      command,
    })
  }
  if (name === 'network') {
    const { values } = parseArgs({
      args: rest,
      strict: true,
      options: benchFlags.network,
    })
    return runNetworkBench({
      nodes: Math.max(2, int(values.nodes, 16, '--nodes')),
      signers: Math.max(1, int(values.signers, 5, '--signers')),
      seconds: Math.max(5, int(values.seconds, 60, '--seconds')),
      ratePerSecond: Math.max(1, int(values.rate, 20, '--rate')),
      outDir: resolve(values.out ?? join(root, 'bench', 'results', 'network')),
      keep: values.keep ?? false,
      command,
    })
  }
  process.stdout.write(usage)
  return name === undefined || name === 'help' || name === '--help' ? 0 : 2
}
