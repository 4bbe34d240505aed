import { spawn } from 'node:child_process'
import { createRequire } from 'node:module'
import { dirname, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { defineConfig, type Plugin } from 'vite'
import react from '@vitejs/plugin-react'

const here = dirname(fileURLToPath(import.meta.url))
const repo = resolve(here, '../..')

/**
 * The root tsconfig leaves src/web out (it is a browser bundle), and vite does not type-check, so the
 * production build runs tsc on the GUI first: `npm run build` fails on a type error in the GUI too.
 * Skip with EVSWAP_WEB_SKIP_TYPECHECK=1 (the e2e test does: `npm run build` has checked the types already).
 */
function typecheck(): Plugin {
  let done: Promise<{ code: number | null; output: string }> | undefined
  return {
    name: 'evswap-web-typecheck',
    apply: 'build',
    buildStart() {
      if (process.env.EVSWAP_WEB_SKIP_TYPECHECK === '1') return
      // Runs beside the bundling; its verdict is awaited before anything is written.
      const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc')
      const child = spawn(process.execPath, [tsc, '-p', resolve(here, 'tsconfig.json'), '--noEmit', '--pretty', 'false'], { stdio: ['ignore', 'pipe', 'pipe'] })
      let output = ''
      child.stdout.on('data', (c: Buffer) => (output += c.toString()))
      child.stderr.on('data', (c: Buffer) => (output += c.toString()))
      done = new Promise((res) => child.on('close', (code) => res({ code, output })))
    },
    async generateBundle() {
      const r = await done
      if (r && r.code !== 0) this.error(`type errors in the GUI (src/web):\n${r.output}`)
    },
  }
}

/**
 * The GUI: one app for every role, served by each device at `/` (same origin as its local API).
 * `npx vite build --config src/web/vite.config.ts` writes `dist/web`. For development against a running
 * device, `EVSWAP_DEVICE=http://127.0.0.1:7104 npx vite --config src/web/vite.config.ts` proxies `/api`.
 */
export default defineConfig({
  root: here,
  base: '/',
  plugins: [react(), typecheck()],
  build: {
    outDir: resolve(repo, 'dist/web'),
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: true,
    // The type check above is slow on purpose; do not report it as a slow plugin.
    rolldownOptions: { checks: { bundlerTimings: false } },
  },
  server: {
    proxy: process.env.EVSWAP_DEVICE ? { '/api': { target: process.env.EVSWAP_DEVICE, changeOrigin: true } } : {},
  },
})
