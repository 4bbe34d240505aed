// `evswap bench paper|load`: the paper's experiment (Fig. 9, Fig. 10) and the load benchmark. The benchmark
// code lives in bench/ (outside src/, so the main build and a device's install never carry it) and is built
// into dist/bench/ by bench/tsconfig.json; this command builds it first when it is missing or stale.
import { spawnSync } from 'node:child_process'
import { existsSync, readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { findPackageRoot } from '../../rich/node/findPackageRoot.js'
import { EvswapError } from '../../sdk/errors/EvswapError.js'

/**
 * Runs a benchmark; returns the process exit code.
 *
 * @example
 * process.exitCode = await run(['paper', '--runs', '10'])
 */
export async function run(args: string[]): Promise<number> {
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
