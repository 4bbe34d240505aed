import { Ajv2020, type ErrorObject } from 'ajv/dist/2020.js'
import addFormatsModule from 'ajv-formats'
import { passportSchema } from './passportSchema.js'

// ajv-formats is CommonJS: under NodeNext its default import is the module object, the plugin its `default`.
const addFormats = addFormatsModule.default

// verbose for the parent schema's unit in the sentences; strictRequired off: if/then/else branches name properties their parent schema defines.
const ajv = new Ajv2020({ allErrors: true, verbose: true, strict: true, strictRequired: false })
addFormats(ajv, ['date-time'])
const validate = ajv.compile(passportSchema)

const where = (instancePath: string) =>
  instancePath === '' ? 'The passport' : `The passport's ${instancePath.slice(1).split('/').join('.')}`

function sentence(e: ErrorObject): string | undefined {
  const at = where(e.instancePath)
  const p = e.params as Record<string, unknown>
  const shown = (v: unknown) => JSON.stringify(v)
  switch (e.keyword) {
    // The branch taken reports its own errors; "must match then/else" only repeats them.
    case 'if':
      return undefined
    case 'required':
      return `${at} has no ${String(p.missingProperty)}${p.missingProperty === 'lastUpdate' ? ' (every dynamic value carries the time it was last updated)' : ''}.`
    case 'additionalProperties':
      return `${at} has a field ${String(p.additionalProperty)} that the passport schema does not define.`
    case 'false schema':
      return `${at} is per-battery data and must not be in a public-tier passport.`
    case 'type':
      if (p.type === 'object') return `${at} must be an object; an attribute without a value is {"notReported": true}, never 0 or null.`
      return `${at} must be ${String(p.type) === 'integer' ? 'a whole number' : `of type ${String(p.type)}`}.`
    case 'format':
      return `${at} must be a ${String(p.format)} (ISO 8601, e.g. 2025-01-31T12:00:00Z).`
    case 'const':
      return `${at} must be ${shown(p.allowedValue)}.`
    case 'enum':
      return `${at} must be one of ${(p.allowedValues as unknown[]).map(shown).join(', ')}.`
    case 'minimum':
    case 'maximum':
      return `${at} must be at ${e.keyword === 'minimum' ? 'least' : 'most'} ${String(p.limit)}${unitOf(e)}.`
    case 'pattern':
      return `${at} is not in the expected form (${String(p.pattern)}).`
    case 'minLength':
      return `${at} must not be empty.`
    default:
      return `${at} ${e.message ?? 'is not valid'}.`
  }
}

function unitOf(e: ErrorObject): string {
  const d = (e.parentSchema as { description?: unknown } | undefined)?.description
  return typeof d === 'string' && /^(%|kWh|Ah|V|minutes|cycles|whole cycles|calendar years)/.test(d) ? ` ${d.split(':')[0]}` : ''
}

/**
 * Checks a passport against `passportSchema`. The errors are sentences naming the field's path, e.g.
 * "The passport's performance.batteryCondition.stateOfCertifiedEnergy has no lastUpdate (…).".
 *
 * @example
 * const r = validatePassport(JSON.parse(text))
 * if (!r.ok) console.error(r.errors.join('\n'))
 */
export function validatePassport(doc: unknown): { ok: true } | { ok: false; errors: string[] } {
  if (validate(doc)) return { ok: true }
  const errors = [...new Set((validate.errors ?? []).map(sentence).filter((s): s is string => s !== undefined))]
  return { ok: false, errors: errors.length > 0 ? errors : ['The passport does not match the passport schema.'] }
}
