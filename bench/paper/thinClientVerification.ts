import { existsSync, readFileSync } from 'node:fs'

/**
 * Whether the thin client verified what its stations told it, from its own log (`device.log`): the first
 * block it accepts names the signers who built on it when it checks a Clique quorum, and "the single node's
 * header" when it has no signer set to check (a station on anvil). The report says which, since every
 * figure of the 3rd implementation depends on it (issue 15 budgets the verifying client).
 *
 * @example
 * thinClientVerification(join(dirs.ev3, 'device.log')) // 'on: accepted block 12 once 2 of its 2 signers had built on it'
 */
export function thinClientVerification(logFile: string): string {
  const log = existsSync(logFile) ? readFileSync(logFile, 'utf8') : ''
  const quorum = /accepted block (\d+) \(sealed or built on by (\d+) of (\d+) signers\)/.exec(log)
  if (quorum) return `on: accepted block ${quorum[1]} once ${quorum[2]} of its ${quorum[3]} signers had built on it`
  if (/accepted block \d+ \(the single node's header\)/.test(log)) return "off: no signer set, the single node's headers taken as they are"
  return 'unknown: no accepted block in the device log'
}
