import type { Hex } from 'viem'

/** What became of one operation a device put in its outbox: the answer of `agent.operate`. */
export type OperationResult = {
  id: string
  label: string
  status: 'confirmed' | 'failed'
  txHash?: Hex
  blockNumber?: number
  latencyMs: number
  error?: string
  /** The operation's own events, from its receipt, with numbers revived as bigint. */
  events: { event: string; args: Record<string, unknown> }[]
}
