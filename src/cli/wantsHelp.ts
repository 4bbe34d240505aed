/**
 * Whether a command line asks for help: `-h` or `--help` anywhere before a `--` (after it, both are
 * positional values). Checked before anything runs, so asking for help never does any work.
 *
 * @example
 * wantsHelp(['check', '--help']) // true
 * wantsHelp(['check', '--', '--help']) // false: a file named --help
 */
export function wantsHelp(args: readonly string[]): boolean {
  const end = args.indexOf('--')
  return (end === -1 ? args : args.slice(0, end)).some((a) => a === '--help' || a === '-h')
}
