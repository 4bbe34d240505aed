import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { NetworkManifest } from './types.js'

/**
 * Writes `network.json` in a network directory. It holds no key (mode 0644): it is the description a new
 * station joins with.
 *
 * @example
 * writeManifest(dir, manifest)
 */
export function writeManifest(dir: string, manifest: NetworkManifest): void {
  writeFileSync(join(dir, 'network.json'), `${JSON.stringify(manifest, null, 2)}\n`, { mode: 0o644 })
}
