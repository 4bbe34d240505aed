import { setFlagsFromString } from 'node:v8'

/**
 * V8's young generation for the device process, kept at its starting size. Verifying a discharge makes tens
 * of KB of short-lived garbage (proof JSON, trie nodes, curve arithmetic), and V8 answers that by doubling the
 * young generation's semi-spaces, which it keeps once grown: in `bench paper --background 75` the thin
 * client's V8 heap went from 16 to 30 MB reserved around 12 MB live, and its resident memory to 75.3 MB at
 * most (docs/benchmarks.md section 7). With a growth factor of 1 the same run peaked at 68.3 MB: what is left
 * is the old generation, ~21 MB reserved between its collections, ~100 s apart. It costs more scavenges of a
 * small space (a few percent of the device's CPU in one pair of runs). V8 reads the factor
 * each time it would grow the space, so it holds when set at run time (`evswap device` is plain
 * `node dist/cli/main.js device`; NODE_OPTIONS does not allow this flag), like optimizingCompiler.
 *
 * @example
 * youngGeneration.keepSmall()
 */
export const youngGeneration = {
  keepSmall(): void {
    setFlagsFromString('--semi-space-growth-factor=1')
  },
}
