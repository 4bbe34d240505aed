// Bundles the device command (the thin client) into one tree-shaken file, dist/thin/deviceBundle.mjs.
// Why: the device is a 1 GB Raspberry Pi, and loading viem's whole module graph costs a Node process ~27 MB
// of resident memory; the bundle carries only what the agent uses (measured in docs/benchmarks.md).
import { build } from 'esbuild'

await build({
  entryPoints: ['src/cli/commands/device.ts'],
  outfile: 'dist/thin/deviceBundle.mjs',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  treeShaking: true,
  sourcemap: false,
  logLevel: 'warning',
  // CommonJS dependencies inside an ESM bundle need a require.
  banner: { js: "import { createRequire as __evswapCreateRequire } from 'node:module'; const require = __evswapCreateRequire(import.meta.url);" },
})
