import { readFileSync } from 'node:fs'

/**
 * The last `lines` lines of a node's log, for error messages and test diagnostics.
 *
 * @example
 * console.error(readLogTail(nodePaths(station.datadir).log, 30))
 */
export function readLogTail(file: string, lines: number): string {
  try {
    return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n')
  } catch {
    return `(no log at ${file})`
  }
}
