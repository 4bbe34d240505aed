import { existsSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join } from 'node:path'
import { EvswapError } from '../../sdk/errors/EvswapError.js'
import { findPackageRoot } from './findPackageRoot.js'

const platforms: Record<string, string> = { 'linux-x64': 'linux-amd64', 'linux-arm64': 'linux-arm64', 'darwin-x64': 'darwin-amd64', 'darwin-arm64': 'darwin-arm64', 'win32-x64': 'win32-amd64' }

/**
 * The anvil executable installed by npm `@foundry-rs/anvil`, resolved from the evswap package root.
 *
 * It prefers the platform package's real binary over `node_modules/.bin/anvil`: that launcher forwards
 * SIGTERM to anvil and exits at once, without waiting for anvil to finish dumping its state, so awaiting
 * the launcher's exit would not mean the state file is complete. `$EVSWAP_ANVIL` overrides both.
 *
 * @example
 * spawn(resolveAnvilBinary(), ['--port', '8545'])
 */
export function resolveAnvilBinary(root: string = findPackageRoot()): string {
  const fromEnv = process.env.EVSWAP_ANVIL
  if (fromEnv) return fromEnv
  const platform = platforms[`${process.platform}-${process.arch}`]
  if (platform) {
    try {
      const require = createRequire(join(root, 'package.json'))
      const bin = require.resolve(`@foundry-rs/anvil-${platform}/bin/anvil${process.platform === 'win32' ? '.exe' : ''}`)
      if (existsSync(bin)) return bin
    } catch {
      // the optional platform package is missing: fall back to the launcher
    }
  }
  const launcher = join(root, 'node_modules', '.bin', 'anvil')
  if (existsSync(launcher)) return launcher
  throw new EvswapError('anvil is not installed', {
    details: `looked for @foundry-rs/anvil-${platform ?? process.platform} and ${launcher}`,
    hint: 'run npm install in the evswap folder (it installs @foundry-rs/anvil), or set EVSWAP_ANVIL to an anvil binary',
  })
}
