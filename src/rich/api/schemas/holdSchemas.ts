import { Type } from '@sinclair/typebox'
import { forfeitToNames } from '../../../sdk/enums.js'
import { CentsSchema, IdSchema, UnitSchema } from './primitives.js'

/** A battery held for an EV, as the station lists it. */
export const RunningHoldSchema = Type.Object({
  batteryId: IdSchema,
  evUnit: UnitSchema,
  until: Type.Integer({ description: 'when the hold ends, unix seconds' }),
  fee: CentsSchema,
})

/** The super account's terms for new holds. */
export const HoldTermsSchema = Type.Object({
  durationSeconds: Type.Integer({ minimum: 0 }),
  fee: CentsSchema,
  forfeitTo: Type.Union(forfeitToNames.map((n) => Type.Literal(n)), { description: "where an unused hold's fee goes" }),
})
