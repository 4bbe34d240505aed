import type { ValueError } from '@sinclair/typebox/errors'

/**
 * Turns the first TypeBox validation error into the field it concerns (`deadline`, `staticInfo.brand`)
 * and a short message naming it: what the API's 400 answers carry.
 *
 * @example
 * describeSchemaError(compiled.Errors(body).First()) // { field: 'from', message: 'from: expected ...' }
 */
export function describeSchemaError(error: ValueError | undefined, part = 'body'): { field: string | undefined; message: string } {
  if (!error) return { field: undefined, message: `${part} is invalid` }
  const field = error.path.split('/').filter(Boolean).join('.') || undefined
  const expected = error.schema.description ? ` (${error.schema.description})` : ''
  const found = error.value === undefined ? 'missing' : `got ${preview(error.value)}`
  return { field, message: field ? `${field}: ${error.message.toLowerCase()}${expected}, ${found}` : `${part}: ${error.message.toLowerCase()}` }
}

function preview(v: unknown): string {
  const s = typeof v === 'string' ? JSON.stringify(v) : typeof v === 'object' ? (Array.isArray(v) ? 'an array' : v === null ? 'null' : 'an object') : String(v)
  return s.length > 40 ? `${s.slice(0, 37)}...` : s
}
