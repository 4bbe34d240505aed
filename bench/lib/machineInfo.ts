import { execFileSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { cpus, release } from 'node:os'

/** The machine and code a benchmark ran on, recorded with every result. */
export type MachineInfo = {
  cpuModel: string
  cores: number
  memoryMb: number
  kernel: string
  node: string
  geth?: string
  commit: string
  /** Files changed but not committed when the benchmark ran (the commit alone does not describe the code). */
  dirty: boolean
  /** /proc/loadavg (1, 5, 15 minutes) when the benchmark began: other work on the machine skews timings. */
  loadAverage?: string
}

/**
 * CPU model and cores from /proc/cpuinfo, memory from /proc/meminfo, the commit from `git rev-parse HEAD`.
 *
 * @example
 * const machine = machineInfo('/work/main', '/work/main/tools/bin/geth')
 */
export function machineInfo(root: string, geth?: string): MachineInfo {
  let cpuModel = cpus()[0]?.model ?? 'unknown'
  let cores = cpus().length
  try {
    const info = readFileSync('/proc/cpuinfo', 'utf8')
    cpuModel = /^model name\s*:\s*(.+)$/m.exec(info)?.[1]?.trim() ?? cpuModel
    cores = (info.match(/^processor\s*:/gm) ?? []).length || cores
  } catch {
    // not Linux: keep what node:os says
  }
  let memoryMb = 0
  try {
    memoryMb = Math.round(Number(/^MemTotal:\s+(\d+) kB/m.exec(readFileSync('/proc/meminfo', 'utf8'))?.[1] ?? 0) / 1024)
  } catch {
    // not Linux
  }
  const git = (args: string[]) => {
    try {
      return execFileSync('git', args, { cwd: root, encoding: 'utf8' }).trim()
    } catch {
      return ''
    }
  }
  let gethVersion: string | undefined
  if (geth) {
    try {
      gethVersion = /Version:\s*(\S+)/.exec(execFileSync(geth, ['version'], { encoding: 'utf8' }))?.[1]
    } catch {
      gethVersion = undefined
    }
  }
  return {
    cpuModel,
    cores,
    memoryMb,
    kernel: release(),
    node: process.version,
    ...(gethVersion ? { geth: gethVersion } : {}),
    ...(loadAverage() ? { loadAverage: loadAverage()! } : {}),
    commit: git(['rev-parse', 'HEAD']) || 'unknown',
    dirty: git(['status', '--porcelain', '--untracked-files=no']).length > 0,
  }
}

/** The 1, 5 and 15 minute load averages from /proc/loadavg, or undefined off Linux. */
export function loadAverage(): string | undefined {
  try {
    return readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ')
  } catch {
    return undefined
  }
}
