import type { Hex } from 'viem'

/** What became of one operation a device put in its outbox: the answer of `agent.operate`. */
export type OperationResult = {
  id: string
  label: string
  status: 'confirmed' | 'failed'
  txHash?: Hex
  blockNumber?: number
  /** From the call to `operate` until its outcome was proven (the entry left the outbox). */
  latencyMs: number
  /**
   * From the call until the station's relay answered with its outcome ("included"), before the proofs: what
   * verification adds is `latencyMs - includedMs`. Absent when no station told the outcome (proofs alone).
   */
  includedMs?: number
  error?: string
  /** The operation's own events, from its receipt, with numbers revived as bigint. */
  events: { event: string; args: Record<string, unknown> }[]
}
