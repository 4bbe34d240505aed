/** Work to undo on exit, newest first: stop children, stop nodes, remove temp folders. */
type Step = { name: string; run: () => Promise<void> | void; kill?: () => void }

const steps: Step[] = []
let installed = false
let exiting = false

/**
 * Registers a cleanup step and returns a function that runs it now and forgets it. Steps run in reverse
 * order on normal completion (`runCleanup`), on SIGINT/SIGTERM (then the process exits 130/143), and, as a
 * last resort, their synchronous `kill` part runs on `process.exit`, so no spawned process outlives the
 * benchmark.
 *
 * @example
 * const stopGeth = onCleanup('device geth', () => stopChild(child), () => child.kill('SIGKILL'))
 */
export function onCleanup(name: string, run: Step['run'], kill?: () => void): () => Promise<void> {
  install()
  const step: Step = { name, run, ...(kill ? { kill } : {}) }
  steps.push(step)
  return async () => {
    const i = steps.indexOf(step)
    if (i < 0) return
    steps.splice(i, 1)
    await step.run()
  }
}

/** Runs every registered step, newest first; errors are reported and do not stop the others. */
export async function runCleanup(): Promise<void> {
  while (steps.length > 0) {
    const step = steps.pop()!
    try {
      await step.run()
    } catch (e) {
      process.stderr.write(`cleanup ${step.name}: ${e instanceof Error ? e.message : String(e)}\n`)
    }
  }
}

function install(): void {
  if (installed) return
  installed = true
  const onSignal = (signal: NodeJS.Signals) => {
    if (exiting) {
      // A second Ctrl-C: kill what is left at once.
      for (const s of [...steps].reverse()) s.kill?.()
      process.exit(signal === 'SIGINT' ? 130 : 143)
    }
    exiting = true
    process.stderr.write(`\nevswap bench: ${signal}, stopping everything it started...\n`)
    const hard = setTimeout(() => {
      for (const s of [...steps].reverse()) s.kill?.()
      process.exit(signal === 'SIGINT' ? 130 : 143)
    }, 30_000)
    hard.unref()
    void runCleanup().finally(() => process.exit(signal === 'SIGINT' ? 130 : 143))
  }
  process.on('SIGINT', onSignal)
  process.on('SIGTERM', onSignal)
  process.on('exit', () => {
    for (const s of [...steps].reverse()) {
      try {
        s.kill?.()
      } catch {
        // already gone
      }
    }
  })
}
