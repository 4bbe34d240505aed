import { Type, type Static } from '@sinclair/typebox'

/** Largest gas a single relayed request may ask for: a bound so one request cannot fill a block. */
export const MAX_REQUEST_GAS = 3_000_000

const address = Type.String({ pattern: '^0x[0-9a-fA-F]{40}$', description: 'an address, 0x and 40 hex digits' })
const uint = (description: string) => Type.String({ pattern: '^(0|[1-9][0-9]{0,77})$', description })

/**
 * JSON schema (TypeBox) of a `SignedForwardRequest` as devices POST it to `/api/relay`: numbers that may
 * exceed 2^53 are decimal strings, the deadline is Unix seconds. The relay checks bodies against it before
 * anything else, and the station API documents it in OpenAPI.
 */
export const signedForwardRequestSchema = Type.Object(
  {
    chainId: Type.Integer({ minimum: 1, description: 'chain id of the EIP-712 domain' }),
    from: address,
    to: address,
    value: Type.String({ pattern: '^[0-9]+$', description: 'wei sent along; must be "0"' }),
    gas: Type.String({ pattern: '^[1-9][0-9]{0,15}$', description: `execution gas of the call, decimal, at most ${MAX_REQUEST_GAS}` }),
    nonce: uint('the forwarder nonce of `from`, decimal'),
    deadline: Type.Integer({ minimum: 0, maximum: 2 ** 48 - 1, description: 'Unix seconds after which the request is void' }),
    data: Type.String({ pattern: '^0x([0-9a-fA-F]{2})*$', minLength: 10, maxLength: 12_000, description: 'calldata, hex' }),
    signature: Type.String({ pattern: '^0x[0-9a-fA-F]{130}$', description: '65-byte EIP-712 signature, hex' }),
  },
  { title: 'SignedForwardRequest', description: 'an EIP-712 ForwardRequest signed by a device' },
)

export type SignedForwardRequestBody = Static<typeof signedForwardRequestSchema>
