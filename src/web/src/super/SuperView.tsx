import { fromChain } from '../shared/battery'
import { BatteryCard } from '../shared/BatteryCard'
import { useDevice, useFetch } from '../shared/device'
import { ErrorBox, Loading } from '../shared/Feedback'
import { formatECoin, roleLabel, shortHex, unitName } from '../shared/format'
import { Layout, Section } from '../shared/Layout'
import { LedgerPanel } from '../shared/LedgerPanel'
import { AdminForms } from './AdminForms'
import { NetworkPanel } from '../network/NetworkPanel'
import { VotesPanel } from '../station/VotesPanel'

/** The super account: registers accounts, grants E-coin, sets fees and the energy price; sees everything. */
export function SuperView() {
  const { api } = useDevice()
  const accounts = useFetch(() => api.accounts(), [])
  const batteries = useFetch(() => api.allBatteries(), [])
  return (
    <Layout>
      <AdminForms accounts={accounts.data ?? []} />
      <Section title="Accounts" testId="accounts">
        {accounts.error && <ErrorBox error={accounts.error} title="Accounts" retry={accounts.reload} />}
        {!accounts.data && !accounts.error && <Loading what="Loading accounts" />}
        {accounts.data && accounts.data.length === 0 && <p className="muted">No account registered yet.</p>}
        {accounts.data && accounts.data.length > 0 && (
          <ul className="rows">
            {accounts.data.map((a) => (
              <li key={a.address} className="row" data-testid={`account-${a.address.toLowerCase()}`}>
                <div>
                  <strong>{a.isSuper ? 'super account' : unitName(a.unit)}</strong> <span className="chip">{a.isSuper ? 'System manager' : (roleLabel[a.role] ?? a.role)}</span>
                  {a.suspended && (
                    <>
                      {' '}
                      <span className="chip status-Recycled" data-testid="account-suspended">
                        suspended
                      </span>
                    </>
                  )}
                </div>
                <div className="mono small" title={a.address}>
                  {shortHex(a.address, 8)}
                </div>
                <div className="row-value" data-testid="account-balance" data-cents={a.balance}>
                  {formatECoin(a.balance)}
                </div>
              </li>
            ))}
          </ul>
        )}
      </Section>
      <Section title="All batteries" testId="all-batteries">
        {batteries.error && <ErrorBox error={batteries.error} title="Batteries" retry={batteries.reload} />}
        {!batteries.data && !batteries.error && <Loading what="Loading batteries" />}
        {batteries.data && batteries.data.length === 0 && <p className="muted">No battery registered yet.</p>}
        {batteries.data && batteries.data.length > 0 && (
          <div className="grid">
            {[...batteries.data]
              .sort((a, b) => a.id - b.id)
              .map((b) => (
                <BatteryCard key={b.id} battery={fromChain(b)} ownerTestId />
              ))}
          </div>
        )}
      </Section>
      <LedgerPanel />
      <NetworkPanel />
      <VotesPanel />
    </Layout>
  )
}
