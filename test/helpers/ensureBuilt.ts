// Tests that spawn the compiled CLI or child processes need dist/ to match src/. Rebuilding costs ~10 s,
// so it only runs when a compiled file is missing or older than its source.
import { execFile } from 'node:child_process'
import { readdirSync, statSync } from 'node:fs'
import { join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'

export const ROOT = fileURLToPath(new URL('../..', import.meta.url))

/**
 * Makes sure `dist/` holds an up-to-date compile of every `.ts` file under `sources` (paths relative to the
 * repo root, files or folders), running `tsc -p tsconfig.json` if not. A type error elsewhere in the repo
 * does not fail this (tsc still emits); a missing output does, with tsc's messages.
 *
 * @example
 * before(() => ensureBuilt(['src/cli', 'src/thin/usb']))
 */
export async function ensureBuilt(sources: string[]): Promise<void> {
  const stale = () => sources.flatMap((s) => tsFiles(join(ROOT, s))).filter((file) => {
    const out = join(ROOT, 'dist', relative(join(ROOT, 'src'), file).replace(/\.ts$/, '.js'))
    try {
      return statSync(out).mtimeMs < statSync(file).mtimeMs
    } catch {
      return true
    }
  })
  if (stale().length === 0) return
  const output = await new Promise<string>((resolve) => {
    execFile(process.execPath, [join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.json'], { cwd: ROOT, maxBuffer: 1 << 24 }, (_error, stdout, stderr) => resolve(`${stdout}${stderr}`))
  })
  const still = stale()
  if (still.length > 0) throw new Error(`tsc did not produce ${still.map((f) => relative(ROOT, f)).join(', ')}:\n${output}`)
}

function tsFiles(path: string): string[] {
  const stat = statSync(path)
  if (stat.isFile()) return path.endsWith('.ts') && !path.endsWith('.d.ts') ? [path] : []
  return readdirSync(path).flatMap((name) => tsFiles(join(path, name)))
}
