import { useState } from 'react'
import { toApiError, useDevice } from './device'
import { ErrorBox } from './Feedback'
import type { ApiError } from './api'

/**
 * What to do about a `stale_file` alert: rewrite the battery's USB file from the chain (the chain is the
 * truth). Only where the reading in the file is wrong, not the chain; the device refuses it otherwise and
 * says why.
 */
export function RepairFileButton(props: { batteryId: number }) {
  const { api, refresh } = useDevice()
  const [pending, setPending] = useState(false)
  const [error, setError] = useState<ApiError | null>(null)
  const repair = async () => {
    setPending(true)
    setError(null)
    try {
      await api.repairFile(props.batteryId)
    } catch (e) {
      setError(toApiError(e))
    } finally {
      setPending(false)
      void refresh()
    }
  }
  return (
    <div className="repair">
      <button type="button" className="secondary small-button" data-testid={`repair-${props.batteryId}`} disabled={pending} onClick={() => void repair()}>
        {pending ? 'Rewriting…' : 'Rewrite the file from the chain'}
      </button>
      {error && <ErrorBox error={error} title={`Battery ${props.batteryId}'s file was not rewritten`} />}
    </div>
  )
}
