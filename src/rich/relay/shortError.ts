/** viem's one-line message of an error (without its request dump), or the message of any other. */
export function shortError(e: unknown): string {
  return e instanceof Error ? ((e as { shortMessage?: string }).shortMessage ?? e.message) : String(e)
}
