import { useEffect, useState } from 'react'
import { ApiError } from '../shared/api'
import { ErrorBox, Loading } from '../shared/Feedback'
import { toApiError } from '../shared/device'
import { loadPublicPassport } from './loadPublicPassport'
import type { PassportDoc } from './passportDoc'
import { PassportBody } from './PassportBody'
import { batteryIdOf } from './passportHash'

/**
 * The public passport page (`<station>/#passport=<id>`, what the battery's QR code opens): no token, read
 * from the station that serves the page. Anyone sees the battery's model, ratings and status.
 */
export function PassportPage(props: { idText: string }) {
  const id = batteryIdOf(props.idText)
  const [state, setState] = useState<{ id: number; doc?: PassportDoc; error?: ApiError } | null>(null)
  const [nonce, setNonce] = useState(0)
  useEffect(() => {
    if (id === null) return
    let cancelled = false
    loadPublicPassport(id).then(
      (doc) => !cancelled && setState({ id, doc }),
      (e: unknown) => !cancelled && setState({ id, error: toApiError(e) }),
    )
    return () => {
      cancelled = true
    }
  }, [id, nonce])
  const current = state?.id === id ? state : null
  return (
    <div className="app passport-page">
      <header className="topbar">
        <div className="topbar-main">
          <span className="logo" aria-hidden="true">
            ⚡
          </span>
          <div className="who">
            <h1>Battery passport{id !== null ? ` #${id}` : ''}</h1>
            <div className="muted small">EU Battery Regulation 2023/1542 · evswap</div>
          </div>
        </div>
      </header>
      <main>
        {id === null ? (
          <ErrorBox error={new ApiError(400, 'bad_id', `"${props.idText}" is not a battery number, so there is no passport to show.`, 'the address ends in #passport= and the battery number, e.g. #passport=3')} title="No passport" />
        ) : current?.doc ? (
          <PassportBody doc={current.doc} />
        ) : current?.error ? (
          <ErrorBox error={current.error} title="No passport" {...(current.error.status === 404 ? {} : { retry: () => setNonce((n) => n + 1) })} />
        ) : (
          <Loading what={`Reading battery ${id}'s passport`} />
        )}
      </main>
      <footer className="muted small">evswap · EV battery swapping on a private Ethereum network</footer>
    </div>
  )
}
