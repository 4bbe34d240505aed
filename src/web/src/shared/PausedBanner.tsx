import { useDevice, useFetch } from './device'

/**
 * Tells every role that the super account has paused user operations: charges, discharges, swaps and
 * recycling are refused by the contracts until it resumes them. Nothing shows while operations run.
 */
export function PausedBanner() {
  const { api, state } = useDevice()
  const paused = useFetch(() => api.paused(), [])
  // Nothing to see while operations run; the marker says the state is known (not merely not loaded yet).
  if (!paused.data?.paused) return paused.data ? <span hidden data-testid="paused-state" data-paused="false" /> : null
  return (
    <section className="paused-banner" role="status" data-testid="paused-banner" data-paused="true">
      <strong>Operations are paused.</strong>{' '}
      {state.isSuper
        ? 'You paused them: registering batteries, charges, discharges, swaps and recycling are refused until you resume them (Administration, "Pause operations").'
        : 'The super account paused the network: registering batteries, charges, discharges, swaps and recycling are refused until it resumes them. Ask the network operator when.'}
    </section>
  )
}
