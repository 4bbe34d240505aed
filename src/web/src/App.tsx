import { useState, type FormEvent } from 'react'
import type { ApiError } from './shared/api'
import { DeviceProvider, useDevice } from './shared/device'
import { DeviceBatteries } from './shared/DeviceBatteries'
import { ErrorBox, Loading } from './shared/Feedback'
import { Layout, Section } from './shared/Layout'
import { NamesProvider } from './shared/names'
import { forgetToken, saveToken } from './shared/token'
import { EvView } from './ev/EvView'
import { StationView } from './station/StationView'
import { SuperView } from './super/SuperView'
import { PassportPage } from './passport/PassportPage'
import { usePassportHash } from './passport/passportHash'
import { PassportView } from './passport/PassportView'

/** One app for every device: it asks the device who it is and shows that role's view. */
export function App(props: { initialToken: string | null }) {
  const [token, setToken] = useState(props.initialToken)
  const [refused, setRefused] = useState<ApiError | null>(null)
  // `#passport=<id>`: a battery's passport. Without a token, the public page (what its QR code opens).
  const passport = usePassportHash()
  if (!token && passport !== null) return <PassportPage idText={passport} />
  if (!token) return <TokenPrompt refused={refused} onToken={(t) => (saveToken(t), setRefused(null), setToken(t))} />
  return (
    <DeviceProvider
      token={token}
      onUnauthorized={(e) => {
        forgetToken()
        setRefused(e)
        setToken(null)
      }}
      loading={
        <div className="app centered">
          <Loading what="Connecting to the device" />
        </div>
      }
      renderError={(e, retry) => (
        <div className="app centered">
          <ErrorBox error={e} title="The device did not answer" retry={retry} />
        </div>
      )}
    >
      <NamesProvider>{passport !== null ? <PassportView idText={passport} /> : <RoleView />}</NamesProvider>
    </DeviceProvider>
  )
}

function RoleView() {
  const { state } = useDevice()
  if (state.isSuper) return <SuperView />
  if (state.role === 'EVOwner') return <EvView />
  if (state.role === 'StationOperator') return <StationView />
  return (
    <Layout>
      <Section title="Not registered">
        <p>
          This device's account is not registered yet: ask the super account to register <span className="mono break">{state.address}</span> as an EV owner or a
          station operator. Until then it can do nothing on chain.
        </p>
      </Section>
      <Section title="Batteries in the USB slots">
        <DeviceBatteries />
      </Section>
    </Layout>
  )
}

function TokenPrompt(props: { refused: ApiError | null; onToken(token: string): void }) {
  const [value, setValue] = useState('')
  const submit = (e: FormEvent) => {
    e.preventDefault()
    if (value.trim()) props.onToken(value.trim().replace(/^.*#token=/, ''))
  }
  return (
    <div className="app centered">
      <form className="card form token-form" onSubmit={submit} data-testid="token-form">
        <h1>evswap</h1>
        {props.refused ? (
          <ErrorBox error={props.refused} title="The device refused the token" />
        ) : (
          <p>
            Open the URL the device printed at start (it ends in <span className="mono">#token=…</span>), or paste the token from <span className="mono">&lt;device dir&gt;/api-token</span>.
          </p>
        )}
        <div className="form-row">
          <label htmlFor="token">Token</label>
          <input id="token" className="mono" autoComplete="off" spellCheck={false} value={value} onChange={(e) => setValue(e.target.value)} />
        </div>
        <button type="submit">Open</button>
      </form>
    </div>
  )
}
