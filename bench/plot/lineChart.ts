import { esc, formatTick, niceTicks } from './niceTicks.js'

export type LineSeries = { name: string; color: string; points: readonly (readonly [number, number])[]; dashed?: boolean }

export type LineChartOptions = {
  title: string
  xLabel: string
  yLabel: string
  series: readonly LineSeries[]
  width?: number
  height?: number
  /** Force the y range to start at 0 (default true). */
  yFromZero?: boolean
  /** Vertical markers, e.g. the phases of a scenario. */
  markers?: readonly { x: number; label: string; color?: string }[]
}

/** An SVG fragment of known size, to be placed by {@link svgDocument}. */
export type SvgPanel = { width: number; height: number; body: string }

/**
 * A line chart (time series) as an SVG panel: axes with round ticks, one polyline per series, a legend,
 * and optional labelled vertical markers. Hand-written SVG, no dependency.
 *
 * @example
 * const panel = lineChart({ title: 'CPU', xLabel: 's', yLabel: '%', series: [{ name: '3rd', color: '#1f77b4', points }] })
 * writeFileSync('cpu.svg', svgDocument([panel]))
 */
export function lineChart(o: LineChartOptions): SvgPanel {
  const width = o.width ?? 860
  const height = o.height ?? 240
  const m = { left: 64, right: 230, top: 28, bottom: 40 }
  const pw = width - m.left - m.right
  const ph = height - m.top - m.bottom
  const xs = o.series.flatMap((s) => s.points.map((p) => p[0]))
  const ys = o.series.flatMap((s) => s.points.map((p) => p[1]))
  const xTicks = niceTicks(Math.min(0, ...xs), Math.max(1, ...xs), 8)
  const yTicks = niceTicks(o.yFromZero === false ? Math.min(...ys) : 0, Math.max(1e-9, ...ys), 4)
  const [x0, x1] = [xTicks[0]!, xTicks[xTicks.length - 1]!]
  const [y0, y1] = [yTicks[0]!, yTicks[yTicks.length - 1]!]
  const sx = (x: number) => m.left + ((x - x0) / (x1 - x0)) * pw
  const sy = (y: number) => m.top + ph - ((y - y0) / (y1 - y0)) * ph
  const parts: string[] = []
  parts.push(`<text x="${m.left}" y="${m.top - 10}" font-size="13" font-weight="bold">${esc(o.title)}</text>`)
  for (const t of yTicks) {
    parts.push(`<line x1="${m.left}" x2="${m.left + pw}" y1="${sy(t).toFixed(1)}" y2="${sy(t).toFixed(1)}" stroke="#e5e5e5"/>`)
    parts.push(`<text x="${m.left - 6}" y="${(sy(t) + 4).toFixed(1)}" font-size="11" text-anchor="end">${formatTick(t)}</text>`)
  }
  for (const t of xTicks) {
    parts.push(`<line x1="${sx(t).toFixed(1)}" x2="${sx(t).toFixed(1)}" y1="${m.top + ph}" y2="${m.top + ph + 4}" stroke="#333"/>`)
    parts.push(`<text x="${sx(t).toFixed(1)}" y="${m.top + ph + 16}" font-size="11" text-anchor="middle">${formatTick(t)}</text>`)
  }
  parts.push(`<rect x="${m.left}" y="${m.top}" width="${pw}" height="${ph}" fill="none" stroke="#333"/>`)
  parts.push(`<text x="${m.left + pw / 2}" y="${height - 6}" font-size="11" text-anchor="middle">${esc(o.xLabel)}</text>`)
  parts.push(
    `<text transform="translate(14 ${m.top + ph / 2}) rotate(-90)" font-size="11" text-anchor="middle">${esc(o.yLabel)}</text>`,
  )
  // Labels on three staggered rows, so markers close together stay readable.
  ;(o.markers ?? []).forEach((mk, i) => {
    if (mk.x < x0 || mk.x > x1) return
    const color = mk.color ?? '#999'
    parts.push(`<line x1="${sx(mk.x).toFixed(1)}" x2="${sx(mk.x).toFixed(1)}" y1="${m.top}" y2="${m.top + ph}" stroke="${color}" stroke-opacity="0.6" stroke-dasharray="2 3"/>`)
    parts.push(`<text x="${(sx(mk.x) + 2).toFixed(1)}" y="${m.top + 10 + (i % 3) * 10}" font-size="9" fill="${color}">${esc(mk.label)}</text>`)
  })
  o.series.forEach((s, i) => {
    if (s.points.length > 0) {
      const d = s.points.map((p) => `${sx(p[0]).toFixed(1)},${sy(p[1]).toFixed(1)}`).join(' ')
      parts.push(
        `<polyline fill="none" stroke="${s.color}" stroke-width="1.5"${s.dashed ? ' stroke-dasharray="5 3"' : ''} points="${d}"/>`,
      )
    }
    const ly = m.top + 8 + i * 16
    parts.push(`<line x1="${m.left + pw + 10}" x2="${m.left + pw + 30}" y1="${ly}" y2="${ly}" stroke="${s.color}" stroke-width="2"${s.dashed ? ' stroke-dasharray="5 3"' : ''}/>`)
    parts.push(`<text x="${m.left + pw + 34}" y="${ly + 4}" font-size="11">${esc(s.name)}</text>`)
  })
  return { width, height, body: parts.join('\n') }
}

/**
 * Stacks panels vertically into one SVG document under an optional title.
 *
 * @example
 * writeFileSync('fig9.svg', svgDocument([cpu, memory, network], 'Fig. 9'))
 */
export function svgDocument(panels: readonly SvgPanel[], title?: string, note?: string): string {
  const head = title ? 30 : 0
  const foot = note ? 22 : 0
  const width = Math.max(...panels.map((p) => p.width))
  const height = head + panels.reduce((a, p) => a + p.height, 0) + foot
  let y = head
  const groups = panels.map((p) => {
    const g = `<g transform="translate(0 ${y})">\n${p.body}\n</g>`
    y += p.height
    return g
  })
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="Helvetica, Arial, sans-serif">`,
    `<rect width="${width}" height="${height}" fill="#fff"/>`,
    title ? `<text x="${width / 2}" y="20" font-size="15" font-weight="bold" text-anchor="middle">${esc(title)}</text>` : '',
    ...groups,
    note ? `<text x="8" y="${height - 7}" font-size="10" fill="#555">${esc(note)}</text>` : '',
    '</svg>',
    '',
  ].join('\n')
}
