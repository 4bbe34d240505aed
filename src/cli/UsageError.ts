/**
 * A mistake in how a command was typed: an unknown flag or subcommand, a missing argument, a value that is
 * not what the flag takes. `evswap` prints the sentence, then the usage of the command that was typed, and
 * exits 2, so the user sees at once what the command does accept.
 *
 * @example
 * throw new UsageError('--port must be a whole number from 1 to 65535, not "abc"')
 */
export class UsageError extends Error {
  override name = 'UsageError'
}
