import { join } from 'node:path'

/**
 * Bundles the 2nd implementation's app (bench/paper/app2.ts) into one tree-shaken file the way the thin
 * client's device command is bundled (scripts/bundle-device.mjs), so both devices' Node processes carry
 * only the code they use and the memory comparison is between architectures, not between build setups.
 * Answers the bundle's path.
 *
 * @example
 * const app = await bundleApp2('/work/main') // dist/bench/app2.bundle.mjs
 */
export async function bundleApp2(root: string): Promise<string> {
  const { build } = (await import('esbuild')) as typeof import('esbuild')
  const outfile = join(root, 'dist', 'bench', 'app2.bundle.mjs')
  await build({
    entryPoints: [join(root, 'bench', 'paper', 'app2.ts')],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    treeShaking: true,
    sourcemap: false,
    logLevel: 'warning',
    banner: { js: "import { createRequire as __evswapCreateRequire } from 'node:module'; const require = __evswapCreateRequire(import.meta.url);" },
  })
  return outfile
}
