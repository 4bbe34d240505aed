export type FormatUsageParameters = {
  /** The command line's shape, e.g. `evswap usb move FOLDER FROM TO [--dir DIR]`; several lines for alternatives. */
  synopsis: string | string[]
  /** What the command does, in a sentence or two. */
  what: string
  /** [argument or flag, what it is and its default]. */
  args?: [string, string][]
  /** Command lines a user can copy. */
  examples: string[]
}

/**
 * The usage text of one command, in the same shape for every command: synopsis, what it does, its
 * arguments and flags with their defaults, examples. `-h, --help` is listed on each, since each takes it.
 *
 * @example
 * formatUsage({ synopsis: 'evswap battery check FILE', what: 'Validates a battery file.', args: [['FILE', 'the file']], examples: ['evswap battery check f.json'] })
 */
export function formatUsage(p: FormatUsageParameters): string {
  const synopsis = (Array.isArray(p.synopsis) ? p.synopsis : [p.synopsis]).map((s, i) => `${i === 0 ? 'usage: ' : '       '}${s}`)
  const args = [...(p.args ?? []), ['-h, --help', 'print this help and exit'] as [string, string]]
  const width = Math.max(...args.map(([a]) => a.length))
  const rows = args.map(([a, d]) => `  ${a.padEnd(width)}  ${d.replace(/\n/g, `\n  ${' '.repeat(width)}  `)}`)
  return `${synopsis.join('\n')}\n\n${p.what}\n\n${rows.join('\n')}\n\nexample${p.examples.length > 1 ? 's' : ''}:\n${p.examples.map((e) => `  ${e}`).join('\n')}\n`
}
