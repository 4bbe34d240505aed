// The command table of `evswap`. Each command lives in its own file and exports `help` and
// `run(args): Promise<number>` (the process exit code): see CommandModule. Add a command by adding one line here.
import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

export type CommandEntry = { summary: string; load: () => Promise<unknown> }

/**
 * The device command from its tree-shaken bundle (scripts/bundle-device.mjs) when the build made one: a
 * device loads ~20 MB less code that way. Running from source (tsx), there is no bundle and the module loads.
 */
async function loadDevice(): Promise<unknown> {
  const bundle = new URL('../thin/deviceBundle.mjs', import.meta.url)
  if (existsSync(fileURLToPath(bundle))) return import(bundle.href)
  return import('./commands/device.js')
}

export const commands: Record<string, CommandEntry> = {
  start: { summary: "start the paper's Fig. 7 system on the embedded chain (--reset: from scratch)", load: () => import('./commands/start.js') },
  station: { summary: 'run a rich client (relay, API, GUI, swap interface) on anvil, the geth network or any RPC', load: () => import('./commands/station.js') },
  device: { summary: 'run the thin client (device agent); `device status` prints batteries and alerts', load: loadDevice },
  usb: { summary: 'usb move FOLDER FROM TO: the physical exchange of a battery folder', load: () => import('./commands/usb.js') },
  battery: { summary: 'battery check FILE: validate and print a battery info file', load: () => import('./commands/battery.js') },
  passport: { summary: "passport BATTERY: a battery's EU battery passport as JSON (public, or legitimate through its device)", load: () => import('./commands/passport.js') },
  network: { summary: 'network init|up|down|status: the stations\' local geth Clique network', load: () => import('./commands/network.js') },
  bench: { summary: "bench paper|load: the paper's Fig. 9/10 experiment and the load benchmark", load: () => import('./commands/bench.js') },
}

/** `evswap --help`: every command in one line, and where to read more. */
export function overview(): string {
  const list = Object.entries(commands)
    .map(([n, c]) => `  ${n.padEnd(10)} ${c.summary}`)
    .join('\n')
  return `usage: evswap <command> [args]\n\n${list}\n\nEvery command and subcommand answers -h or --help (or: evswap help <command> [subcommand]).\nexample:\n  npx evswap start --help\n`
}
