/**
 * The dashboard's colours, one per series, readable on the light and the dark theme alike (the canvas
 * cannot use the stylesheet's variables). Outcomes keep the GUI's meaning: green approved, red denied.
 */
export const OUTCOME_COLORS = { approved: '#38a169', denied: '#e53e3e', cancelled: '#a0aec0', pending: '#d69e2e' } as const

/** Per kind of E-coin movement. */
export const KIND_COLORS: Record<string, string> = {
  settlement: '#38a169',
  fee: '#dd6b20',
  refund: '#3182ce',
  escrow: '#805ad5',
  grant: '#319795',
  transfer: '#718096',
}

/** Stock buckets, emptiest (or weakest) red to full green; named groups grey. */
export const BUCKET_COLORS = ['#e53e3e', '#dd6b20', '#d69e2e', '#38a169', '#a0aec0', '#718096']

/**
 * The colour of text and grid lines on the canvas, from the page's own (so dark mode keeps them legible).
 *
 * @example
 * const { text, grid } = axisColors()
 */
export function axisColors(): { text: string; grid: string } {
  const style = getComputedStyle(document.documentElement)
  return { text: style.getPropertyValue('--muted').trim() || '#5a6577', grid: style.getPropertyValue('--border').trim() || '#d9dee5' }
}
