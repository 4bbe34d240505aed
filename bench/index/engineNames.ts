import type { EngineResult } from './runEngine.js'

/** How the report's tables name each engine. */
export const engineNames: Record<EngineResult['engine'], string> = { memory: 'in memory (old)', pglite: 'PGlite', postgres: 'PostgreSQL' }
