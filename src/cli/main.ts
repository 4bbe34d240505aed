#!/usr/bin/env node
// `evswap <command> [args]`: one file per command under ./commands, loaded on demand so a device that runs
// `evswap device` never loads the station, network or bench code.
import { commands, overview } from './commands.js'
import type { CommandModule } from './CommandModule.js'
import { describeError } from './describeError.js'
import { wantsHelp } from './wantsHelp.js'

const [name, ...args] = process.argv.slice(2)

/** The subcommand named on the line (its usage is the one to show), or '' for the command itself. */
const subcommandOf = (mod: CommandModule, line: string[]) => line.find((a) => !a.startsWith('-') && a !== '' && Object.hasOwn(mod.help, a)) ?? ''

/** Prints what went wrong in words; a stack only for a bug, and only with EVSWAP_DEBUG=1. */
function fail(error: unknown, mod?: CommandModule): void {
  const d = describeError(error, process.env)
  const sub = mod ? subcommandOf(mod, args) : ''
  const usage = d.usage && mod ? `\n\n${mod.help[sub] ?? mod.help['']}` : ''
  process.stderr.write(`evswap ${[name, sub].filter(Boolean).join(' ')}: ${d.text}${usage}\n`)
  process.exitCode = d.exitCode
}

async function main(): Promise<void> {
  if (name === undefined || name === '--help' || name === '-h' || (name === 'help' && args.length === 0)) {
    process.stdout.write(overview())
    return
  }
  // `evswap help X [sub]` is `evswap X [sub] --help`.
  const helpOnly = name === 'help'
  const command = helpOnly ? args[0]! : name
  const entry = Object.hasOwn(commands, command) ? commands[command] : undefined
  if (!entry) {
    process.stderr.write(`evswap: there is no command "${command}"; the commands are below.\n\n${overview()}`)
    process.exitCode = 2
    return
  }
  let mod: CommandModule | undefined
  try {
    mod = (await entry.load()) as CommandModule
    const line = helpOnly ? args.slice(1) : args
    if (helpOnly || wantsHelp(line)) {
      // Help does no work: no files looked up, nothing compiled, no chain.
      process.stdout.write(mod.help[subcommandOf(mod, line)] ?? mod.help['']!)
      return
    }
    process.exitCode = await mod.run(args)
  } catch (e) {
    fail(e, mod)
  }
}

// A long-running command (start, station, device) can fail after it started, outside the await above.
process.on('uncaughtException', (e) => {
  fail(e)
  process.exit(process.exitCode ?? 1)
})
process.on('unhandledRejection', (e) => {
  fail(e)
  process.exit(process.exitCode ?? 1)
})
await main()
