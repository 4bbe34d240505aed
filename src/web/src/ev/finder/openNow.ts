const DAYS = ['Su', 'Mo', 'Tu', 'We', 'Th', 'Fr', 'Sa'] as const

/**
 * Whether a station is open at `at` (the viewer's local time), from opening hours in the common subset of
 * OpenStreetMap's `opening_hours`: `24/7`, or rules like `Mo-Fr 07:00-22:00; Sa 08:00-20:00, Su off`
 * (days, ranges and lists; several time spans per rule; a span past midnight such as `20:00-02:00`).
 * A later rule for a day replaces an earlier one, as in OSM. Null when the text is outside that subset:
 * the GUI then shows the hours as written and says nothing about now.
 *
 * @example
 * openNow('Mo-Fr 07:00-22:00', new Date('2026-12-04T12:00')) // true (a Friday)
 */
export function openNow(hours: string, at: Date): boolean | null {
  const text = hours.trim()
  if (text === '24/7') return true
  if (!text) return null
  const byDay = new Map<number, [number, number][]>()
  for (const rule of text.split(';').map((r) => r.trim()).filter(Boolean)) {
    const m = /^([A-Za-z, -]+?)\s+(off|closed|[\d:, -]+)$/.exec(rule)
    if (!m) return null
    const days = parseDays(m[1]!)
    const spans = /^(off|closed)$/.test(m[2]!) ? [] : parseSpans(m[2]!)
    if (!days || !spans) return null
    for (const d of days) byDay.set(d, spans)
  }
  const minute = at.getHours() * 60 + at.getMinutes()
  const today = at.getDay()
  const yesterday = (today + 6) % 7
  // A span past midnight belongs to the day it starts on.
  if ((byDay.get(yesterday) ?? []).some(([from, to]) => to <= from && minute < to)) return true
  return (byDay.get(today) ?? []).some(([from, to]) => (to > from ? minute >= from && minute < to : minute >= from))
}

function parseDays(text: string): number[] | null {
  const out: number[] = []
  for (const part of text.split(',').map((p) => p.trim())) {
    const [a, b] = part.split('-').map((d) => DAYS.indexOf(d.trim() as (typeof DAYS)[number]))
    if (a === undefined || a < 0 || (b !== undefined && b < 0)) return null
    for (let d = a; ; d = (d + 1) % 7) {
      out.push(d)
      if (b === undefined || d === b) break
    }
  }
  return out
}

function parseSpans(text: string): [number, number][] | null {
  const spans: [number, number][] = []
  for (const part of text.split(',').map((p) => p.trim())) {
    const m = /^(\d{1,2}):(\d{2})-(\d{1,2}):(\d{2})$/.exec(part)
    if (!m) return null
    spans.push([Number(m[1]) * 60 + Number(m[2]), Number(m[3]) * 60 + Number(m[4])])
  }
  return spans
}
