import type { MachineInfo } from '../lib/machineInfo.js'
import type { BuiltChain } from './buildIndexChain.js'
import type { EngineResult } from './runEngine.js'

/** Everything `bench index` writes to index.json: the command, the machine, the chain and each engine's figures. */
export type IndexBenchReport = {
  command: string
  startedAt: string
  machine: MachineInfo
  params: { events: number; clients: number; loadedSeconds: number; idleRounds: number; loadBlockIntervalMs: number }
  chain: Omit<BuiltChain, 'model'> & { reused: boolean; cacheDir: string; anvilLoadSeconds: number }
  versions: { pglite: string; postgres?: string; anvil: string }
  engines: EngineResult[]
}

const names: Record<EngineResult['engine'], string> = { memory: 'in memory (old)', pglite: 'PGlite', postgres: 'PostgreSQL' }
const f = (n: number | undefined, digits = 1) => (n === undefined || Number.isNaN(n) ? 'n/a' : n.toFixed(digits))
