/**
 * Round tick values covering [min, max]: steps of 1, 2 or 5 times a power of ten, about `count` of them.
 *
 * @example
 * niceTicks(0, 87) // [0, 20, 40, 60, 80, 100]
 */
export function niceTicks(min: number, max: number, count = 5): number[] {
  if (!Number.isFinite(min) || !Number.isFinite(max)) return [0, 1]
  if (max <= min) max = min + 1
  const raw = (max - min) / count
  const power = 10 ** Math.floor(Math.log10(raw))
  const step = [1, 2, 5, 10].map((m) => m * power).find((s) => s >= raw) ?? 10 * power
  const ticks: number[] = []
  for (let v = Math.floor(min / step) * step; v <= max + step * 1e-9; v += step) ticks.push(Number(v.toPrecision(12)))
  if (ticks[ticks.length - 1]! < max) ticks.push(Number((ticks[ticks.length - 1]! + step).toPrecision(12)))
  return ticks
}

/** A tick label: no trailing zeros, thousands as k. */
export function formatTick(v: number): string {
  if (Math.abs(v) >= 10_000) return `${Number((v / 1000).toPrecision(4))}k`
  return String(Number(v.toPrecision(4)))
}

/** Escapes text for SVG. */
export function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;')
}
