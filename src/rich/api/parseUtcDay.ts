import { FieldValidationError } from './typeBoxValidatorCompiler.js'

/**
 * A query's UTC day (YYYY-MM-DD, already matched by its schema's pattern) as the unix seconds of its 00:00
 * UTC. The pattern lets 2026-13-45 through; the calendar does not: a 400 naming the field.
 *
 * @throws FieldValidationError when the day is not on the calendar
 * @example
 * parseUtcDay('day', '2026-12-04') // 1796342400
 */
export function parseUtcDay(field: string, day: string): number {
  const t = Date.parse(`${day}T00:00:00Z`)
  if (Number.isNaN(t) || new Date(t).toISOString().slice(0, 10) !== day) throw new FieldValidationError(`${field} ${day} is not a day of the calendar (YYYY-MM-DD)`, field, 'querystring')
  return t / 1000
}
