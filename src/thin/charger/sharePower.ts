/**
 * Shares the station's power limit among the batteries charging, in W: equal shares, each capped at what
 * the battery asks for, and what a capped one leaves over shared again among the others (water filling).
 * So one battery alone gets its full rate, and a newcomer never starves the ones before it nor they it.
 *
 * @example
 * sharePower(100_000, [50_000, 50_000, 20_000]) // [40000, 40000, 20000]
 */
export function sharePower(limitW: number, asksW: readonly number[]): number[] {
  const given = asksW.map(() => 0)
  let left = Math.max(0, limitW)
  let open = asksW.map((_, i) => i)
  while (open.length && left > 1e-9) {
    const share = left / open.length
    const capped = open.filter((i) => asksW[i]! - given[i]! <= share)
    if (!capped.length) {
      for (const i of open) given[i]! += share
      break
    }
    for (const i of capped) {
      left -= asksW[i]! - given[i]!
      given[i] = asksW[i]!
    }
    open = open.filter((i) => !capped.includes(i))
  }
  return given
}
