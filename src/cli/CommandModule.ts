/**
 * What a file under ./commands exports. `help` holds the usage text of the command ('' key) and of each of
 * its subcommands (their names as keys), so `evswap X [sub] --help` prints it without running anything.
 */
export type CommandModule = {
  help: Record<string, string>
  run: (args: string[]) => Promise<number>
}
