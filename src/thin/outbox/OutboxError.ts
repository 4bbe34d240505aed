/** A misuse of the outbox (bad id, duplicate put, unknown entry); the message says what to do instead. */
export class OutboxError extends Error {
  override name = 'OutboxError'
}
