import { useEffect, useState, type FormEvent } from 'react'
import type { ApiError } from '../shared/api'
import { toApiError, useDevice, useFetch } from '../shared/device'
import { ErrorBox, Loading } from '../shared/Feedback'
import { Section } from '../shared/Layout'
import type { VotesView } from '../shared/types'
import { signerLabel } from '../network/signerLabel'

const isAddress = (s: string) => /^0x[0-9a-fA-F]{40}$/.test(s.trim())
/** Votes land a block at a time: the panel looks again every few seconds. */
const REFRESH_MS = 5000

const capitalized = (s: string) => s.charAt(0).toUpperCase() + s.slice(1)

/**
 * The Clique signers as the station's own node sees them, the votes pending on chain, this station's own
 * votes, and a form to vote a station in or out (the operator's token is the credential).
 */
export function VotesPanel() {
  const { api, state } = useDevice()
  // Votes go through a station's own node: a device's GUI (the demo's super account) has none to ask.
  const votes = useFetch(state.servedByStation === true ? () => api.votes() : null, [state.servedByStation])
  const [latest, setLatest] = useState<VotesView | null>(null)
  const reload = votes.reload
  // Only a station on a Clique chain has votes that change; anvil's answer and a device's 404 stay as they are.
  const live = votes.data?.clique === true
  useEffect(() => {
    if (!live) return
    const t = setInterval(reload, REFRESH_MS)
    return () => clearInterval(t)
  }, [reload, live])
  useEffect(() => setLatest(null), [votes.data])
  const v = latest ?? votes.data
  return (
    <Section title="Signer votes" testId="votes">
      {(state.servedByStation !== true || votes.error?.status === 404) && <p className="muted">Signer votes are cast from a station's own GUI; this device serves none.</p>}
      {votes.error && votes.error.status !== 404 && <ErrorBox error={votes.error} title="Signer votes" retry={votes.reload} />}
      {!v && !votes.error && state.servedByStation === true && <Loading what="Asking this station's node" />}
      {v && !v.clique && (
        <p className="muted" data-testid="votes-none">
          {capitalized(v.message ?? 'this chain has no signers to vote on')}.
        </p>
      )}
      {v && v.clique && <VotesBody votes={v} onVoted={setLatest} />}
    </Section>
  )
}

function VotesBody(props: { votes: VotesView; onVoted(v: VotesView): void }) {
  const v = props.votes
  return (
    <>
      <p data-testid="votes-summary">
        {v.signers.length} {v.signers.length === 1 ? 'station seals' : 'stations seal'} blocks; adding or removing one needs {v.needed} of their votes.
      </p>
      <ul className="rows" data-testid="votes-signers">
        {[...v.signers]
          .sort((a, b) => (a.name ?? a.address).localeCompare(b.name ?? b.address, undefined, { numeric: true }))
          .map((s) => (
            <li key={s.address} className="row" title={s.address}>
              <span>
                {signerLabel(s)} <span className="chip">signer</span>
              </span>
            </li>
          ))}
      </ul>
      <h3>Pending on chain</h3>
      {v.pending.length === 0 ? (
        <p className="muted" data-testid="votes-pending-none">
          No vote is pending.
        </p>
      ) : (
        <ul className="rows">
          {v.pending.map((p) => (
            <li key={`${p.address}:${p.authorize}`} className="row" data-testid="votes-pending">
              <span className="span-row">{capitalized(signerLabel(p))} is proposed to {p.authorize ? 'join' : 'leave'}: {p.voters.length} of {v.needed} votes.</span>
            </li>
          ))}
        </ul>
      )}
      <h3>This station's votes</h3>
      <OwnVotes votes={v} onVoted={props.onVoted} />
      <VoteForm onVoted={props.onVoted} />
    </>
  )
}

/** This node's proposals: it puts them into each block it seals until they pass or are taken back. */
function OwnVotes(props: { votes: VotesView; onVoted(v: VotesView): void }) {
  const { api } = useDevice()
  const [error, setError] = useState<ApiError | null>(null)
  if (props.votes.proposals.length === 0) return <p className="muted">This station votes on nothing now.</p>
  return (
    <>
      <ul className="rows">
        {props.votes.proposals.map((p) => (
          <li key={p.address} className="row" data-testid="votes-own">
            <span className="span-two">
              This station votes to {p.authorize ? 'add' : 'remove'} {signerLabel(p)}.
            </span>
            <div className="row-value">
              <button
                type="button"
                className="secondary small-button"
                onClick={() => api.vote({ address: p.address, vote: 'discard' }).then(props.onVoted, (e: unknown) => setError(toApiError(e)))}
              >
                Take back
              </button>
            </div>
          </li>
        ))}
      </ul>
      {error && <ErrorBox error={error} title="Take back the vote" />}
    </>
  )
}

function VoteForm(props: { onVoted(v: VotesView): void }) {
  const { api } = useDevice()
  const [address, setAddress] = useState('')
  const [vote, setVote] = useState<'add' | 'remove'>('add')
  const [problem, setProblem] = useState<string | null>(null)
  const [error, setError] = useState<ApiError | null>(null)
  const [pending, setPending] = useState(false)
  const submit = (e: FormEvent) => {
    e.preventDefault()
    if (!isAddress(address)) return setProblem("The signer address must be 0x and 40 hex digits, as `evswap network join` printed it.")
    setProblem(null)
    setError(null)
    setPending(true)
    api
      .vote({ address: address.trim(), vote })
      .then(
        (v) => (props.onVoted(v), setAddress('')),
        (e: unknown) => setError(toApiError(e)),
      )
      .finally(() => setPending(false))
  }
  return (
    <form className="card form" onSubmit={submit} data-testid="vote-form" noValidate>
      <h3>Vote a station in or out</h3>
      <div className="form-row">
        <label htmlFor="vote-address">Signer address</label>
        <input id="vote-address" className="mono" placeholder="0x…" value={address} onChange={(e) => setAddress(e.target.value)} autoComplete="off" spellCheck={false} />
      </div>
      <div className="form-row">
        <label htmlFor="vote-kind">Vote</label>
        <select id="vote-kind" value={vote} onChange={(e) => setVote(e.target.value as typeof vote)}>
          <option value="add">to add it (it starts sealing)</option>
          <option value="remove">to remove it (it stops sealing)</option>
        </select>
      </div>
      <button type="submit" disabled={pending}>
        Vote
      </button>
      {problem && <p className="bad small">{problem}</p>}
      {error && <ErrorBox error={error} title="The vote" />}
    </form>
  )
}
