import { ApiError } from '../shared/api'
import { useDevice, useFetch } from '../shared/device'
import { ErrorBox, Loading } from '../shared/Feedback'
import { Layout, Section } from '../shared/Layout'
import type { PassportDoc } from './passportDoc'
import { PassportBody } from './PassportBody'
import { batteryIdOf } from './passportHash'

/** Refusals of the legitimate-interest tier (not allowed, unsigned, signature refused) after which the public tier is still worth showing. */
const REFUSED = new Set([400, 401, 403])

/**
 * A battery's passport for a logged-in device: the legitimate-interest tier, which the device asks its
 * station for with a request signed by its own key (owner, holding station or super account), or the public
 * tier with the station's sentence when the station refuses it.
 */
export function PassportView(props: { idText: string }) {
  const { api } = useDevice()
  const id = batteryIdOf(props.idText)
  const load = async (): Promise<{ doc: PassportDoc; refused: ApiError | null }> => {
    const batteryId = id as number
    try {
      return { doc: await api.passport(batteryId, 'legitimate'), refused: null }
    } catch (e) {
      if (!(e instanceof ApiError) || !REFUSED.has(e.status)) throw e
      return { doc: await api.passport(batteryId, 'public'), refused: e }
    }
  }
  const p = useFetch(id === null ? null : load, [id])
  return (
    <Layout showBalance={false}>
      <Section
        title={`Battery passport${id !== null ? ` #${id}` : ''}`}
        testId="passport-view"
        actions={
          <a className="back-link" href="#" data-testid="passport-back">
            ← Back
          </a>
        }
      >
        {id === null ? (
          <ErrorBox error={new ApiError(400, 'bad_id', `"${props.idText}" is not a battery number`, 'open a passport from a battery card')} title="No passport" />
        ) : p.data ? (
          <PassportBody doc={p.data.doc} refused={p.data.refused} />
        ) : p.error ? (
          <ErrorBox error={notFoundInWords(p.error, id)} title="No passport" {...(p.error.status === 404 ? {} : { retry: p.reload })} />
        ) : (
          <Loading what={`Asking the station for battery ${id}'s passport`} />
        )}
      </Section>
    </Layout>
  )
}

function notFoundInWords(e: ApiError, id: number): ApiError {
  if (e.status === 404 && /^no battery/.test(e.message)) return new ApiError(404, e.code, `There is no battery ${id} on this network: no passport to show.`, e.hint)
  return e
}
