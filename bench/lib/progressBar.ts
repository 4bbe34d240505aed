/** A one-line progress display on stderr, redrawn in place with `\r`. */
export type ProgressBar = {
  /** Redraws with `done` of `total` and a short status text. */
  update(done: number, total: number, status?: string): void
  /** Prints a whole line above the bar (a phase finished, a warning). */
  log(line: string): void
  /** Clears the bar. */
  done(): void
}

/**
 * A progress bar for long runs: `[#####.....] 42% phase  status  12s`, one line on stderr, redrawn with
 * `\r`, throttled to 10 redraws a second. When stderr is not a terminal, only `log` lines are written.
 *
 * @example
 * const bar = createProgressBar('relay load')
 * bar.update(30, 60, '412 ops/s')
 */
export function createProgressBar(label: string, stream: NodeJS.WriteStream = process.stderr): ProgressBar {
  const t0 = Date.now()
  const tty = stream.isTTY === true
  let last = 0
  let shown = false
  const clear = () => {
    if (shown) stream.write(`\r${' '.repeat(Math.min(stream.columns ?? 100, 160) - 1)}\r`)
    shown = false
  }
  return {
    update(done, total, status = '') {
      if (!tty) return
      const now = Date.now()
      if (now - last < 100 && done < total) return
      last = now
      const width = 24
      const f = total > 0 ? Math.min(1, done / total) : 0
      const filled = Math.round(f * width)
      const line = `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${String(Math.round(f * 100)).padStart(3)}% ${label}  ${status}  ${Math.round((now - t0) / 1000)}s`
      const max = Math.min(stream.columns ?? 100, 160) - 1
      stream.write(`\r${line.slice(0, max).padEnd(max)}`)
      shown = true
    },
    log(line) {
      clear()
      stream.write(`${line}\n`)
    },
    done: clear,
  }
}
