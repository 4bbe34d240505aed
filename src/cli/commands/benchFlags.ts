// The flags of `evswap bench paper|load|index|network`, shared by the CLI (which checks them before it builds the
// benchmarks, so a typo costs no compile) and bench/main.ts (which reads them).

/** Each benchmark's flags, in node:util parseArgs form. */
export const benchFlags = {
  paper: {
    runs: { type: 'string' },
    discharges: { type: 'string' },
    stations: { type: 'string' },
    'interval-ms': { type: 'string' },
    'footprint-idle-s': { type: 'string' },
    'footprint-discharges': { type: 'string' },
    background: { type: 'string' },
    'device-node-options': { type: 'string' },
    out: { type: 'string' },
    keep: { type: 'boolean' },
  },
  load: {
    stations: { type: 'string' },
    evs: { type: 'string' },
    seconds: { type: 'string' },
    'warmup-s': { type: 'string' },
    rate: { type: 'string' },
    out: { type: 'string' },
    keep: { type: 'boolean' },
  },
  index: {
    events: { type: 'string' },
    clients: { type: 'string' },
    seconds: { type: 'string' },
    out: { type: 'string' },
    keep: { type: 'boolean' },
  },
  network: {
    nodes: { type: 'string' },
    signers: { type: 'string' },
    seconds: { type: 'string' },
    rate: { type: 'string' },
    out: { type: 'string' },
    keep: { type: 'boolean' },
  },
} as const

/** The flags whose value is text, not a number >= 0. */
export const benchTextFlags: readonly string[] = ['out', 'device-node-options']
