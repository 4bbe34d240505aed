// The command table of `evswap`. Each command lives in its own file and exports `run(args): Promise<number>`
// (the process exit code). Add a command by adding one line here.
export type CommandEntry = { summary: string; load: () => Promise<unknown> }

export const commands: Record<string, CommandEntry> = {
  battery: { summary: 'battery check FILE: validate and print a battery info file', load: () => import('./commands/battery.js') },
}
