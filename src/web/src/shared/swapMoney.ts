import { formatECoin, formatECoinAbs, toCents } from './format'
import type { Cents } from './types'

/** "station 1" → "Station 1": a name at the start of a sentence. */
export function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1)
}

/**
 * Who pays whom for a swap, in sentences for one side (`done`: in the past, once approved). The difference is
 * the station battery's price minus the EV battery's: positive, the EV owner pays the station; negative, the
 * station pays the EV owner. The fee always comes from the EV owner and goes to the network's treasury.
 *
 * @example
 * whoPays({ difference: '-6343', fee: '200' }, 'station', 'EV 1') // ['You pay EV 1 63.43 E-coin.', 'EV 1 pays the swap fee, 2.00 E-coin, to the network.']
 */
export function whoPays(money: { difference: Cents; fee: Cents }, viewer: 'ev' | 'station', other: string, done = false): string[] {
  const d = toCents(money.difference) ?? 0n
  const amount = formatECoinAbs(d)
  const fee = toCents(money.fee) ?? 0n
  const [pay, pays, receive] = done ? ['paid', 'paid', 'received'] : ['pay', 'pays', 'receive']
  const even = 'Both batteries are worth the same: nobody pays the other.'
  const lines: string[] = []
  if (viewer === 'station') {
    lines.push(d > 0n ? `You ${receive} ${amount} from ${other}.` : d < 0n ? `You ${pay} ${other} ${amount}.` : even)
    if (fee > 0n) lines.push(`${capitalize(other)} ${pays} the swap fee, ${formatECoin(fee)}, to the network.`)
  } else {
    lines.push(d > 0n ? `You ${pay} ${other} ${amount}.` : d < 0n ? `${capitalize(other)} ${pays} you ${amount}.` : even)
    if (fee > 0n) lines.push(`You ${pay} the swap fee, ${formatECoin(fee)}, to the network.`)
  }
  return lines
}
