/**
 * What a maintained library would cost where evswap keeps its own code (issue 14.5; the decisions are in
 * docs/architecture.md, "Libraries"). Each case runs in a fresh Node process like the device's (V8's
 * optimizing compiler off, as `optimizingCompiler.disable()` does, unless the case says otherwise), from
 * an esbuild bundle like the device's (scripts/bundle-device.mjs), and prints the bundle's size, the
 * resident memory that loading it and then using it adds (after a GC), the peak, and the time of the use.
 *
 *   mkdir -p /tmp/libs && (cd /tmp/libs && npm init -y && npm i @ethereumjs/wallet ethers eventsource eventsource-parser lru-cache rate-limiter-flexible)
 *   node --import tsx scripts/measure-library-costs.mts /tmp/libs
 *
 * The libraries are installed apart (their folder is the argument), so measuring adds nothing to the project.
 */
import { execFileSync } from 'node:child_process'
import { mkdtempSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { build } from 'esbuild'
import { join, resolve } from 'node:path'
import { pathToFileURL } from 'node:url'

const libs = resolve(process.argv[2] ?? '/tmp/libs')
const root = resolve(import.meta.dirname, '..')
// esbuild resolves the libraries from `libs` (nodePaths) and evswap's modules by absolute path.
const lib = (name: string) => name
const src = (path: string) => join(root, path)

/** Each case: `import ... ; export async function use(json, pass) {...}` (json: a device keystore). */
const cases: Record<string, string> = {
  'keystore: evswap (node:crypto scrypt, aes)': `import { decryptKeystore } from '${src('src/thin/keystore/decryptKeystore.ts')}'; export async function use(json, pass) { return decryptKeystore(json, pass) }`,
  'keystore: @ethereumjs/wallet fromV3 (noble scrypt)': `import { Wallet } from '${lib('@ethereumjs/wallet')}'; export async function use(json, pass) { await Wallet.fromV3(json, pass) }`,
  'keystore: ethers decryptKeystoreJson': `import { decryptKeystoreJson } from '${lib('ethers')}'; export async function use(json, pass) { await decryptKeystoreJson(JSON.stringify(json), pass) }`,
  'sse: eventsource-parser (parser only)': `import { createParser } from '${lib('eventsource-parser')}'; export async function use(json, pass) { const p = createParser({ onEvent() {} }); p.feed('event: x\\ndata: 1\\n\\n') }`,
  'sse: eventsource (over fetch, undici)': `import { EventSource } from '${lib('eventsource')}'; export async function use(json, pass) { const s = new EventSource('http://127.0.0.1:9/'); await new Promise((r) => (s.onerror = r)); s.close() }`,
  'lru: evswap createLruMap, 100k entries': `import { createLruMap } from '${src('src/rich/relay/createLruMap.ts')}'; export async function use(json, pass) { const m = createLruMap(100000); for (let i = 0; i < 150000; i++) m.set('0x' + i.toString(16).padStart(64, '0'), { status: 'confirmed', i }); globalThis.keep = m }`,
  'lru: lru-cache, 100k entries': `import { LRUCache } from '${lib('lru-cache')}'; export async function use(json, pass) { const m = new LRUCache({ max: 100000 }); for (let i = 0; i < 150000; i++) m.set('0x' + i.toString(16).padStart(64, '0'), { status: 'confirmed', i }); globalThis.keep = m }`,
  'rate: evswap createRateLimiter, 100k keys': `import { createRateLimiter } from '${src('src/rich/relay/createRateLimiter.ts')}'; export async function use(json, pass) { const l = createRateLimiter({ perSecond: 10, burst: 20 }); for (let i = 0; i < 100000; i++) l.take('0x' + i.toString(16).padStart(40, '0')); globalThis.keep = l }`,
  'rate: rate-limiter-flexible RateLimiterMemory, 100k keys': `import { RateLimiterMemory } from '${lib('rate-limiter-flexible')}'; export async function use(json, pass) { const l = new RateLimiterMemory({ points: 20, duration: 2 }); for (let i = 0; i < 100000; i++) await l.consume('0x' + i.toString(16).padStart(40, '0')); globalThis.keep = l }`,
}

// The keystore every case decrypts: one written by evswap's encryptKeystore with the device's scrypt cost.
const { encryptKeystore } = await import(pathToFileURL(src('src/thin/keystore/encryptKeystore.ts')).href)
const json = JSON.stringify(await encryptKeystore('0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d', 'pw'))

const only = process.argv[3]
const work = mkdtempSync(join(tmpdir(), 'evswap-libcost-'))
let n = 0
for (const [name, module] of Object.entries(cases)) {
  if (only && !name.includes(only)) continue
  const entry = join(work, `case${n}.mjs`)
  const bundle = join(work, `case${n++}.bundle.mjs`)
  writeFileSync(entry, module)
  await build({ entryPoints: [entry], bundle: true, platform: 'node', format: 'esm', target: 'node20', outfile: bundle, logLevel: 'error',
    // CommonJS dependencies (js-md5 in @ethereumjs/wallet) call require('crypto'): give the bundle one.
    banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
    nodePaths: [join(libs, 'node_modules')] })
  // The device runs with the optimizer off; the relay's cases (lru, rate) run in the station, with it on.
  for (const opt of name.startsWith('keystore') ? [false, true] : name.startsWith('sse') ? [false] : [true]) {
    const program = `
      import { setFlagsFromString } from 'node:v8'
      ${opt ? '' : "setFlagsFromString('--no-opt')"}
      const mb = (b) => (b / 2 ** 20).toFixed(1)
      const settle = async () => { globalThis.gc(); await new Promise((r) => setTimeout(r, 50)); globalThis.gc(); return process.memoryUsage().rss }
      const r0 = await settle()
      const { use } = await import(${JSON.stringify(pathToFileURL(bundle).href)})
      const r1 = await settle()
      const t0 = performance.now()
      await use(${json}, 'pw')
      const ms = performance.now() - t0
      const r2 = await settle()
      console.log('load +' + mb(r1 - r0) + ' MB, use +' + mb(r2 - r1) + ' MB, peak ' + mb(process.resourceUsage().maxRSS * 1024) + ' MB (baseline ' + mb(r0) + '), ' + Math.round(ms) + ' ms')
      process.exit(0)`
    const out = execFileSync(process.execPath, ['--expose-gc', '--input-type=module', '-e', program], { encoding: 'utf8' })
    const kb = Math.round(statSync(bundle).size / 1024)
    console.log(`${name}${opt ? ' [optimizer on]' : ' [optimizer off, as on the device]'}: bundle ${kb} KB, ${out.trim()}`)
  }
}
