import { join } from 'node:path'
import type { MachineInfo } from '../lib/machineInfo.js'
import { mdTable, toJson, writeText } from '../lib/writeText.js'
import type { NetworkSizeResult } from './measureNetworkSize.js'

/** Writes `network.json` (everything) and `network.md` (the tables); returns the paths. */
export function writeNetworkOutputs(o: {
  outDir: string
  command: string
  startedAt: string
  machine: MachineInfo
  params: Record<string, number>
  results: readonly (NetworkSizeResult & { loadAverage?: string })[]
}): string[] {
  const files: string[] = []
  const out = (name: string, text: string) => files.push(writeText(join(o.outDir, name), text))
  out('network.json', toJson({ benchmark: 'network', command: o.command, startedAt: o.startedAt, finishedAt: new Date().toISOString(), machine: o.machine, params: o.params, results: o.results }))
  const m = o.machine
  const rows = o.results
  const largest = rows[rows.length - 1]
  const md = [
    '# bench network: how the stations\' network grows',
    '',
    `\`${o.command}\`, started ${o.startedAt}.`,
    '',
    `Machine: ${m.cpuModel}, ${m.cores} cores, ${m.memoryMb} MB, Linux ${m.kernel}, Node ${m.node}, geth ${m.geth ?? '?'}, commit ${m.commit.slice(0, 10)}${m.dirty ? ' (with uncommitted changes)' : ''}. Load average when it began: ${m.loadAverage ?? '?'} (other work shares the machine).`,
    '',
    `Each node is a geth in a network namespace of its own, on one bridged LAN; the first signers seal (Clique, 1 s), the others joined from the public network.json (\`joinNetwork\`) and only import. Load: ${o.params.ratePerSecond} plain value transfers a second (21,000 gas each), signed here and sent over IPC to station 1, for ${o.params.seconds} s per size, after an idle stretch whose CPU gives the "above idle" column. Heads are watched with \`eth_subscribe newHeads\` on each node's IPC socket; CPU and memory come from /proc/PID/stat, status and smaps_rollup of each geth.`,
    '',
    '## Per size',
    '',
    mdTable(
      ['nodes', 'signers', 'followers', 'confirmed / sent', 'blocks', 'propagation p50 / p99 (ms)', 'to followers p50 / p99 (ms)', 'same head', 'within 1 block', 'max lag', 'short forks', 'CPU all nodes (s)', 'CPU ms per transfer', 'above idle', 'a signer / a follower (ms per transfer)', 'load avg'],
      rows.map((r) => [
        r.nodes,
        r.signers,
        r.followers,
        `${r.load.confirmed} / ${r.load.sent}`,
        r.blocks,
        `${Math.round(r.propagationMs.all.p50)} / ${Math.round(r.propagationMs.all.p99)}`,
        r.propagationMs.toFollowers ? `${Math.round(r.propagationMs.toFollowers.p50)} / ${Math.round(r.propagationMs.toFollowers.p99)}` : '-',
        `${(r.agreement.sameHeadFraction * 100).toFixed(1)}%`,
        `${(r.agreement.withinOneBlockFraction * 100).toFixed(1)}%`,
        r.agreement.maxLagBlocks,
        r.orphanedHeads,
        r.cpuSecondsAll,
        r.cpuMsPerConfirmed,
        r.marginalCpuMsPerConfirmed,
        `${r.cpuMsPerConfirmedPerSigner} / ${r.cpuMsPerConfirmedPerFollower ?? '-'}`,
        r.loadAverage ?? '?',
      ]),
    ),
    '',
    ...(largest
      ? [
          `## Each node at ${largest.nodes} nodes`,
          '',
          mdTable(
            ['node', 'role', 'CPU (s per min)', 'idle CPU (s per min)', 'RSS (MB)', 'max RSS (MB)', 'PSS (MB)'],
            largest.perNode.map((n) => [n.name, n.role, n.cpuSecondsPerMinute.toFixed(2), n.idleCpuSecondsPerMinute.toFixed(2), n.rssMb, n.maxRssMb, n.pssMb]),
          ),
          '',
        ]
      : []),
    'Propagation: from the first node\'s import of a block (normally its sealer) to each other node\'s, over every (block, node) of the blocks that every node imported. Same head / within 1 block: of samples every 250 ms of each node\'s latest head.',
    '',
  ].join('\n')
  out('network.md', md)
  return files
}
