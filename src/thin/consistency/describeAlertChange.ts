import { basename } from 'node:path'
import type { Alert } from './Alert.js'

/**
 * The device log's lines for a change of standing alerts (keyed `kind:folder`): one per alert raised, ended
 * or changed, each naming the battery (or folder) and, through the alert's message, the fields and both
 * values, so the log alone says what diverged and when it ended.
 *
 * @example
 * describeAlertChange(before, after)
 * // ['alert raised, stale_file, battery 3 (TOY-1): battery 3: its file disagrees ... (energy: file 3 kWh, chain 2.9 kWh) ...']
 */
export function describeAlertChange(before: ReadonlyMap<string, Alert>, after: ReadonlyMap<string, Alert>): string[] {
  const lines: string[] = []
  for (const [key, a] of after) {
    const old = before.get(key)
    if (!old) lines.push(`alert raised, ${a.kind}, ${where(a)}: ${a.message}`)
    else if (old.message !== a.message) lines.push(`alert changed, ${a.kind}, ${where(a)}: ${a.message}`)
  }
  for (const [key, a] of before) {
    if (!after.has(key)) lines.push(`alert ended, ${a.kind}, ${where(a)}; it was: ${a.message}`)
  }
  return lines
}

function where(a: Alert): string {
  return a.batteryId ? `battery ${a.batteryId} (${basename(a.folder)})` : `folder ${a.folder}`
}
