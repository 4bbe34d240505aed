import { parseArgs as nodeParseArgs, type ParseArgsConfig } from 'node:util'
import { EvswapError } from '../sdk/errors/EvswapError.js'

/** node:util parseArgs with an evswap error that names the bad flag and the command's usage. */
export function parseArgs<T extends NonNullable<ParseArgsConfig['options']>>(args: string[], options: T, usage: string) {
  try {
    return nodeParseArgs({ args, options, allowPositionals: true, strict: true })
  } catch (e) {
    throw new EvswapError(e instanceof Error ? e.message : String(e), { hint: `usage: ${usage}` })
  }
}
