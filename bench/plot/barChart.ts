import type { SvgPanel } from './lineChart.js'
import { esc, formatTick, niceTicks } from './niceTicks.js'

/** One bar: its height (e.g. the mean) and the spread drawn as a whisker (e.g. min..max over runs). */
export type Bar = { name: string; color: string; value: number; low?: number; high?: number; label?: string }

export type BarChartOptions = { title: string; yLabel: string; bars: readonly Bar[]; width?: number; height?: number }

/**
 * A bar chart with whiskers as an SVG panel: one bar per entry, its value printed above it.
 *
 * @example
 * barChart({ title: 'EV discharge time', yLabel: 's', bars: [{ name: '2nd', color: 'red', value: 1.4, low: 1.1, high: 2.0 }] })
 */
export function barChart(o: BarChartOptions): SvgPanel {
  const width = o.width ?? 250
  const height = o.height ?? 260
  const m = { left: 56, right: 12, top: 30, bottom: 44 }
  const pw = width - m.left - m.right
  const ph = height - m.top - m.bottom
  const top = Math.max(1e-9, ...o.bars.map((b) => Math.max(b.value, b.high ?? b.value)))
  const ticks = niceTicks(0, top * 1.12, 4)
  const y1 = ticks[ticks.length - 1]!
  const sy = (v: number) => m.top + ph - (v / y1) * ph
  const slot = pw / o.bars.length
  const bw = Math.min(60, slot * 0.6)
  const parts: string[] = []
  parts.push(`<text x="${width / 2}" y="${m.top - 14}" font-size="12" font-weight="bold" text-anchor="middle">${esc(o.title)}</text>`)
  for (const t of ticks) {
    parts.push(`<line x1="${m.left}" x2="${m.left + pw}" y1="${sy(t).toFixed(1)}" y2="${sy(t).toFixed(1)}" stroke="#e5e5e5"/>`)
    parts.push(`<text x="${m.left - 5}" y="${(sy(t) + 4).toFixed(1)}" font-size="10" text-anchor="end">${formatTick(t)}</text>`)
  }
  parts.push(`<line x1="${m.left}" x2="${m.left + pw}" y1="${m.top + ph}" y2="${m.top + ph}" stroke="#333"/>`)
  parts.push(`<line x1="${m.left}" x2="${m.left}" y1="${m.top}" y2="${m.top + ph}" stroke="#333"/>`)
  parts.push(`<text transform="translate(13 ${m.top + ph / 2}) rotate(-90)" font-size="10" text-anchor="middle">${esc(o.yLabel)}</text>`)
  o.bars.forEach((b, i) => {
    const cx = m.left + slot * (i + 0.5)
    const yTop = sy(b.value)
    parts.push(`<rect x="${(cx - bw / 2).toFixed(1)}" y="${yTop.toFixed(1)}" width="${bw.toFixed(1)}" height="${(m.top + ph - yTop).toFixed(1)}" fill="${b.color}" fill-opacity="0.8"/>`)
    if (b.low !== undefined && b.high !== undefined) {
      const [yl, yh] = [sy(b.low), sy(b.high)]
      parts.push(`<line x1="${cx}" x2="${cx}" y1="${yl.toFixed(1)}" y2="${yh.toFixed(1)}" stroke="#000"/>`)
      for (const yy of [yl, yh]) parts.push(`<line x1="${cx - 8}" x2="${cx + 8}" y1="${yy.toFixed(1)}" y2="${yy.toFixed(1)}" stroke="#000"/>`)
    }
    const labelY = Math.min(yTop, b.high !== undefined ? sy(b.high) : yTop) - 4
    parts.push(`<text x="${cx}" y="${labelY.toFixed(1)}" font-size="10" text-anchor="middle">${esc(b.label ?? formatTick(b.value))}</text>`)
    parts.push(`<text x="${cx}" y="${m.top + ph + 14}" font-size="10" text-anchor="middle">${esc(b.name)}</text>`)
  })
  return { width, height, body: parts.join('\n') }
}

/**
 * Places panels side by side (a row), returning one panel.
 *
 * @example
 * svgDocument([row([cpuBars, memBars, netBars, timeBars])], 'Fig. 10')
 */
export function row(panels: readonly SvgPanel[]): SvgPanel {
  let x = 0
  const body = panels
    .map((p) => {
      const g = `<g transform="translate(${x} 0)">\n${p.body}\n</g>`
      x += p.width
      return g
    })
    .join('\n')
  return { width: x, height: Math.max(...panels.map((p) => p.height)), body }
}
