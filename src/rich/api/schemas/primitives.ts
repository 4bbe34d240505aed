import { Type } from '@sinclair/typebox'
import { batteryStatusNames } from '../../../sdk/enums.js'

/** Schema building blocks of the station API. */
export const AddressSchema = Type.String({ pattern: '^0x[0-9a-fA-F]{40}$', description: 'address, 0x and 40 hex digits' })
export const HashSchema = Type.String({ pattern: '^0x[0-9a-fA-F]{64}$', description: '32 bytes, hex' })
export const CentsSchema = Type.String({ pattern: '^-?[0-9]+$', description: 'E-coin cents, decimal string' })
export const UnitSchema = Type.Integer({ minimum: 0, maximum: 0xffffffff, description: 'unit id: EV id, or 2^31 | station id' })
export const IdSchema = Type.Integer({ minimum: 1, maximum: 0xffffffff })
export const ErrorSchema = Type.Object(
  {
    error: Type.Object({
      code: Type.String(),
      message: Type.String(),
      field: Type.Optional(Type.String()),
      hint: Type.Optional(Type.String()),
      reason: Type.Optional(Type.String({ description: 'the contract error name, for 422' })),
    }),
  },
  { title: 'Error' },
)

/** A battery status by name, as the index lists them. */
export const BatteryStatusSchema = Type.Union(
  batteryStatusNames.filter((n) => n !== 'None').map((n) => Type.Literal(n)),
  { description: 'InService, SwapPending or Recycled' },
)
