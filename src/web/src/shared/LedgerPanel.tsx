import { useState } from 'react'
import type { ApiError } from './api'
import { toApiError, useDevice, useFetch } from './device'
import { ErrorBox, Loading } from './Feedback'
import { formatECoin, formatTime, shortHex } from './format'
import { Section } from './Layout'
import type { LedgerEntry, LedgerKind, LedgerPage } from './types'
import './LedgerPanel.css'

/** Entries per page: a phone screen or two. */
const PAGE = 20

const kindLabel: Record<LedgerKind, string> = {
  grant: 'Grant',
  escrow: 'Escrow',
  settlement: 'Settlement',
  refund: 'Refund',
  fee: 'Fee',
  transfer: 'Transfer',
}

/** Older pages loaded with "Show more": everything before the cursor `from`, down to `next`. */
type Older = { from: string; entries: LedgerEntry[]; next?: string }

/** Orders entries by chain position: > 0 when `a` is newer than the cursor or entry `b`. */
function compare(a: Pick<LedgerEntry, 'blockNumber' | 'logIndex'>, b: string | Pick<LedgerEntry, 'blockNumber' | 'logIndex'>): number {
  const [block, log] = typeof b === 'string' ? b.split(':').map(Number) : [b.blockNumber, b.logIndex]
  return a.blockNumber - block! || a.logIndex - log!
}

/**
 * The newest page (refetched on each of the device's state events) followed by the older pages loaded so
 * far, when they still join it (the page reaches down to where they start). If not, more entries arrived
 * than the refresh read: the newest page is shown alone and "Show more" starts again from it.
 */
function join(page: LedgerPage | undefined, older: Older | null): { entries: LedgerEntry[]; next: string | undefined; joined: boolean } {
  if (!page) return { entries: [], next: undefined, joined: false }
  const oldest = page.entries.at(-1)
  if (!older || !oldest || compare(oldest, older.from) > 0) return { entries: page.entries, next: page.next, joined: false }
  return { entries: [...page.entries, ...older.entries.filter((e) => compare(e, oldest) < 0)], next: older.next, joined: true }
}

/** "+12.00 E-coin" / "-2.10 E-coin": the sign always shown, so money in and out read apart. */
function signed(cents: string): string {
  return cents.startsWith('-') || cents === '0' ? formatECoin(cents) : `+${formatECoin(cents)}`
}

/**
 * The account's E-coin ledger (grants, escrow, settlement, refunds, fees), newest first, with the balance
 * after each entry and "Show more" for older pages. Shown in every role's view; a table from tablet width
 * up, one card per entry on a phone.
 */
export function LedgerPanel() {
  const { api } = useDevice()
  const [older, setOlder] = useState<Older | null>(null)
  // Each refresh reads as many entries as are shown (up to the API's 500), so new entries on top keep the
  // older pages joined; not a dependency, so a page loaded by "Show more" does not blank the list.
  const newest = useFetch(() => api.ledger(Math.min(500, PAGE + (older?.entries.length ?? 0))), [])
  const [more, setMore] = useState<{ loading: boolean; error: ApiError | null }>({ loading: false, error: null })
  const { entries, next, joined } = join(newest.data, older)

  const showMore = async () => {
    if (!next) return
    setMore({ loading: true, error: null })
    try {
      const got = await api.ledger(PAGE, next)
      // Appends to the loaded pages when they still join the newest one; otherwise starts them again at `next`.
      const kept = older && joined ? older : { from: next, entries: [] }
      setOlder({ from: kept.from, entries: [...kept.entries, ...got.entries], ...(got.next ? { next: got.next } : {}) })
      setMore({ loading: false, error: null })
    } catch (e) {
      setMore({ loading: false, error: toApiError(e) })
    }
  }

  return (
    <Section title="E-coin ledger" testId="ledger">
      {newest.error && <ErrorBox error={newest.error} title="Ledger" retry={newest.reload} />}
      {!newest.data && !newest.error && <Loading what="Reading the ledger" />}
      {newest.data && entries.length === 0 && <p className="muted">No E-coin has moved in or out of this account yet.</p>}
      {entries.length > 0 && (
        <table className="ledger">
          <thead>
            <tr>
              <th scope="col">When</th>
              <th scope="col">What</th>
              <th scope="col">Description</th>
              <th scope="col" className="num">Amount</th>
              <th scope="col" className="num">Balance after</th>
            </tr>
          </thead>
          <tbody>
            {entries.map((e) => (
              <tr key={`${e.blockNumber}:${e.logIndex}`} data-testid="ledger-entry" data-kind={e.kind} data-amount={e.amount}>
                <td className="ledger-when">
                  {e.time ? <span>{formatTime(e.time)}</span> : null}
                  <span className="muted small" title={`transaction ${e.txHash}`}>
                    block {e.blockNumber} · tx {shortHex(e.txHash)}
                  </span>
                </td>
                <td className="ledger-kind">
                  <span className={`chip ledger-${e.kind}`}>{kindLabel[e.kind] ?? e.kind}</span>
                </td>
                <td className="ledger-description" title={e.counterpartyName ? `${e.counterpartyName}: ${e.counterparty}` : e.counterparty}>
                  {e.description}
                </td>
                <td className={`num ledger-amount ${e.amount.startsWith('-') ? 'out' : 'in'}`}>
                  {signed(e.amount)}
                </td>
                <td className="num ledger-balance">
                  {formatECoin(e.balanceAfter)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {more.error && <ErrorBox error={more.error} title="Older entries" retry={() => void showMore()} />}
      {next && (
        <button type="button" className="secondary" data-testid="ledger-more" disabled={more.loading} onClick={() => void showMore()}>
          {more.loading ? 'Loading…' : 'Show more'}
        </button>
      )}
    </Section>
  )
}
