import { parseArgs as nodeParseArgs, type ParseArgsConfig } from 'node:util'
import { UsageError } from './UsageError.js'

/**
 * node:util parseArgs (strict, positionals allowed) whose mistakes are {@link UsageError}s in words:
 * "unknown flag --bogus", "--port needs a value". `-h`/`--help` are accepted (main answers them before a
 * command runs).
 *
 * @example
 * const { values, positionals } = parseArgs(args, { dir: { type: 'string' } })
 */
export function parseArgs<T extends NonNullable<ParseArgsConfig['options']>>(args: string[], options: T) {
  try {
    return nodeParseArgs({ args, options: { ...options, help: { type: 'boolean', short: 'h' } }, allowPositionals: true, strict: true })
  } catch (e) {
    throw parseArgsError(e)
  }
}

/** node:util parseArgs's own error (ERR_PARSE_ARGS_*) as a sentence; anything else is returned unchanged. */
export function parseArgsError(e: unknown): unknown {
  const code = (e as { code?: unknown }).code
  if (typeof code !== 'string' || !code.startsWith('ERR_PARSE_ARGS')) return e
  const message = (e as Error).message
  // node names the flag in quotes: "Unknown option '--bogus'", "Option '--port <value>' argument missing".
  const flag = /'(-[^' ]*)/.exec(message)?.[1] ?? 'a flag'
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') return new UsageError(`unknown flag ${flag}`)
  if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
    if (/argument missing/.test(message)) return new UsageError(`${flag} needs a value`)
    // "--runs -3": node will not take a value that starts with a dash unless it is written --runs=-3.
    if (/ambiguous/.test(message)) return new UsageError(`${flag} needs a value, and one that starts with a dash is written ${flag}=VALUE`)
    return new UsageError(`${flag} takes no value`)
  }
  return new UsageError(`unexpected argument (${message.split('.')[0]})`)
}
