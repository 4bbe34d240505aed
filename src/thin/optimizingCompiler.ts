import { setFlagsFromString } from 'node:v8'

let disabled = false

/**
 * V8's optimizing compiler (TurboFan) for the device process. `disable()` turns it off: the thin client's
 * resident memory drops by ~6 MB (its compile jobs' zones on background threads, and its code pages of the
 * node binary), for ~10 % more of the little CPU the agent uses (docs/benchmarks.md, "The thin client's
 * footprint"): the agent waits on the network and the chain, not on JavaScript. Set at run time because
 * `evswap device` is started as plain `node dist/cli/main.js device`, and a Node process cannot re-exec
 * itself with flags without a second Node process; `--no-opt` is read each time V8 considers optimizing a
 * function, so it holds from then on. It must come before the key is loaded: deriving the account's public
 * key is the hot loop that first wakes TurboFan.
 *
 * `enabledDuring(fn)` turns it back on for one heavy JavaScript computation (a scrypt that OpenSSL refuses
 * takes ~4 s optimized and ~1 min without).
 *
 * @example
 * optimizingCompiler.disable()
 * const key = await optimizingCompiler.enabledDuring(() => scryptAsync(password, salt, params))
 */
export const optimizingCompiler = {
  disable(): void {
    setFlagsFromString('--no-opt')
    disabled = true
  },
  async enabledDuring<T>(fn: () => Promise<T>): Promise<T> {
    if (!disabled) return fn()
    setFlagsFromString('--opt')
    try {
      return await fn()
    } finally {
      setFlagsFromString('--no-opt')
    }
  },
}
