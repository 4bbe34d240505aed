import type { ReactNode } from 'react'
import { useDevice } from './device'
import { AlertBox } from './AlertBox'
import { PausedBanner } from './PausedBanner'
import { formatECoin, roleLabel, shortHex } from './format'

/** The page frame for every role: who this device is, its balance, the station it uses, live status, alerts. */
export function Layout(props: { children: ReactNode; showBalance?: boolean }) {
  const { state, live } = useDevice()
  const role = state.isSuper ? 'System manager' : (roleLabel[state.role] ?? state.role)
  const pendingOps = state.outbox.length
  return (
    <div className="app">
      <div className="sticky-top">
      <header className="topbar">
        <div className="topbar-main">
          <span className="logo" aria-hidden="true">
            ⚡
          </span>
          <div className="who">
            <h1>
              <span data-testid="unit-name">{state.isSuper ? 'Super account' : state.unitName}</span>
              <span className={`chip role role-${state.isSuper ? 'super' : state.role}`} data-testid="role">
                {role}
              </span>
            </h1>
            <div className="muted small mono" title={state.address} data-testid="address">
              {shortHex(state.address, 6)}
            </div>
          </div>
          {props.showBalance !== false && (
            <div className="balance-box">
              <div className="muted small">Balance</div>
              <div className="balance" data-testid="balance" data-cents={state.balance}>
                {formatECoin(state.balance)}
              </div>
            </div>
          )}
        </div>
        <div className="topbar-sub small">
          <span className={`live live-${live}`} data-testid="live" title="Live updates from the device">
            {live === 'live' ? '● live' : live === 'connecting' ? '◌ connecting' : '○ offline, polling'}
          </span>
          <span className="muted">
            via <span className="mono">{hostOf(state.station.url)}</span>
            {state.station.ok === false ? ' (not answering)' : ''}
          </span>
          {(state.refusedStations?.length ?? 0) > 0 && (
            <span className="chip refused" data-testid="refused-stations" title={state.refusedStations!.map((r) => r.reason).join('\n')}>
              {state.refusedStations!.length} station{state.refusedStations!.length === 1 ? '' : 's'} refused: another network
            </span>
          )}
          {pendingOps > 0 && (
            <span className="chip outbox" data-testid="outbox" title={state.outbox.map((e) => `${e.kind}: ${e.state}`).join('\n')}>
              {pendingOps} in outbox
            </span>
          )}
        </div>
      </header>
      <AlertBox alerts={state.alerts} />
      <PausedBanner />
      </div>
      <main>{props.children}</main>
      <footer className="muted small">evswap · EV battery swapping on a private Ethereum network (Sun et al., ICBC 2018)</footer>
    </div>
  )
}

export function Section(props: { title: string; id?: string; actions?: ReactNode; children: ReactNode; testId?: string }) {
  return (
    <section className="section" {...(props.id ? { id: props.id } : {})} {...(props.testId ? { 'data-testid': props.testId } : {})}>
      <div className="section-head">
        <h2>{props.title}</h2>
        {props.actions}
      </div>
      {props.children}
    </section>
  )
}

function hostOf(url: string | undefined): string {
  if (!url) return 'no station'
  try {
    return new URL(url).host
  } catch {
    return url
  }
}
