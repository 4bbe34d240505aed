/**
 * What a passport holds in place of an attribute evswap has no value for (a battery registered before
 * passports, or a figure no evswap battery measures). A consumer must be able to tell "not reported" from
 * a zero, so the attribute is never omitted and never zeroed.
 */
export type NotReported = { notReported: true }

/** An attribute that is either its value or explicitly not reported. */
export type Reported<T> = T | NotReported

/**
 * The one "not reported" marker every passport attribute without a value carries.
 *
 * @example
 * const mass: Reported<number> = NOT_REPORTED // → { "notReported": true } in the JSON
 */
export const NOT_REPORTED: NotReported = Object.freeze({ notReported: true })
