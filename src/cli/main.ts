#!/usr/bin/env node
// `evswap <command> [args]`: one file per command under ./commands, loaded on demand so a device that runs
// `evswap device` never loads the station, network or bench code.
import { commands } from './commands.js'

const [name, ...args] = process.argv.slice(2)
const entry = name ? commands[name] : undefined
if (!entry) {
  const list = Object.entries(commands)
    .map(([n, c]) => `  ${n.padEnd(10)} ${c.summary}`)
    .join('\n')
  process.stderr.write(`${name ? `evswap: unknown command "${name}"\n\n` : ''}usage: evswap <command> [args]\n\n${list}\n`)
  process.exit(name ? 2 : 0)
}
try {
  const mod = (await entry.load()) as { run: (args: string[]) => Promise<number> }
  process.exitCode = await mod.run(args)
} catch (e) {
  // Our own errors carry a message and a hint; anything else is a bug worth its stack.
  const err = e as { name?: string; message?: string; stack?: string }
  process.stderr.write(`evswap ${name}: ${err.name === 'EvswapError' ? err.message : (err.stack ?? String(e))}\n`)
  process.exitCode = 1
}
