import type { RelayRefusal } from './RelayRefusal.js'

/** What `Relay.submit` answers: the request's id once queued, or why it was refused. */
export type RelaySubmitResult = { accepted: true; id: string; status: 'queued' } | { accepted: false; refusal: RelayRefusal }
