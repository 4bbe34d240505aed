import { UsageError } from './UsageError.js'
import { parseArgsError } from './parseArgs.js'

export type DescribedError = {
  /** What to print on stderr (after `evswap <command>: `). */
  text: string
  /** 2 for a mistake in the command line, 1 for any other failure. */
  exitCode: 1 | 2
  /** A usage mistake: the command's usage follows the sentence. */
  usage: boolean
}

/** Errors whose message is written for a user: a sentence that says what happened and what to do next. */
const USER_ERRORS = new Set(['EvswapError', 'NetworkError', 'KeystoreError', 'StationRefusedError'])

type ErrnoLike = { code?: unknown; path?: unknown; syscall?: unknown; address?: unknown; port?: unknown; cause?: unknown }

/**
 * Turns what a command threw into what the user reads. A mistake the user can fix (a bad flag, a missing or
 * unreadable file, nothing listening on a port, a keystore problem, a port taken) becomes a sentence with the
 * next step; anything else is a bug, said so, and its stack is shown only with `EVSWAP_DEBUG=1`, because a
 * stack helps whoever fixes the code, not whoever typed the command.
 *
 * @example
 * const d = describeError(error, process.env)
 * process.stderr.write(`evswap start: ${d.text}\n`)
 * process.exitCode = d.exitCode
 */
export function describeError(error: unknown, env: Record<string, string | undefined> = {}): DescribedError {
  const e = parseArgsError(error)
  // By name too: the device command runs from its own bundle (scripts/bundle-device.mjs), with its own copy of the class.
  if (e instanceof UsageError || (e as Error | undefined)?.name === 'UsageError') return { text: (e as Error).message, exitCode: 2, usage: true }
  const err = (e ?? {}) as Error & ErrnoLike
  if (USER_ERRORS.has(err.name)) return { text: err.message, exitCode: 1, usage: false }
  const sentence = systemErrorSentence(err) ?? systemErrorSentence((err.cause ?? {}) as ErrnoLike)
  if (sentence) return { text: sentence, exitCode: 1, usage: false }
  const what = e instanceof Error ? `${e.name}: ${e.message}` : String(e)
  const stack = env.EVSWAP_DEBUG === '1' && e instanceof Error && e.stack ? `\n${e.stack}` : ''
  return {
    text: `this is a bug in evswap, not something you did (${what.split('\n')[0]}). Run the command again with EVSWAP_DEBUG=1 to see where it happened, and report it with that output.${stack}`,
    exitCode: 1,
    usage: false,
  }
}

/** A sentence for the operating system's errors a user causes and can fix, or undefined. */
function systemErrorSentence(err: ErrnoLike): string | undefined {
  const path = typeof err.path === 'string' ? err.path : undefined
  const where = err.address !== undefined && err.port !== undefined ? `${String(err.address)}:${String(err.port)}` : undefined
  switch (err.code) {
    case 'ENOENT':
      return path ? `${path} does not exist; check the path (and --dir, if the command takes one)` : undefined
    case 'EACCES':
    case 'EPERM':
      if (err.syscall === 'listen' && where) return `no permission to listen on ${where}; pick a port above 1024 with --port`
      return path ? `no permission to use ${path}; check its owner and mode (ls -l), or pick another --dir` : undefined
    case 'EISDIR':
      return path ? `${path} is a folder where a file was expected; give the file's path` : undefined
    case 'ENOTDIR':
      return path ? `a part of ${path} is a file where a folder was expected; check the path` : undefined
    case 'ENOSPC':
      return `the disk is full${path ? ` (writing ${path})` : ''}; free some space and run the command again`
    case 'EADDRINUSE':
      return `${where ?? 'the port'} is already in use (another evswap still running?); stop it, or pick other ports with --port`
    case 'ECONNREFUSED':
      return `nothing answers at ${where ?? 'the address given'}; start it first, or check the --port or URL`
    default:
      return undefined
  }
}
