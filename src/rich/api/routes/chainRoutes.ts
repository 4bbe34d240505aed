import { Type } from '@sinclair/typebox'
import { numberToHex, pad, type Address, type Hex } from 'viem'
import { encodeRawHeader, type RpcBlockHeader } from '../encodeRawHeader.js'
import { nodeRequest } from '../nodeRequest.js'
import { getProofAt } from '../chainState/getProofAt.js'
import { readBlockRef } from '../chainState/readBlockRef.js'
import { AddressSchema, ErrorSchema, HashSchema } from '../schemas/primitives.js'
import { sendError } from '../sendError.js'
import type { StationContext } from '../StationContext.js'
import type { StationFastify } from '../TypeBoxTypeProvider.js'

/** Most headers one call answers: a device far behind asks for checkpoints and a window, never a whole range. */
export const MAX_HEADERS = 64
/** Most slots one proof call answers. */
export const MAX_PROOF_SLOTS = 32

const HexSchema = Type.String({ pattern: '^0x([0-9a-fA-F]{2})*$', description: 'bytes, hex' })
const QuantitySchema = Type.String({ pattern: '^0x[0-9a-fA-F]+$', description: 'a number, hex' })
const SlotSchema = Type.String({ pattern: '^0x[0-9a-fA-F]{1,64}$', description: 'a storage slot, hex, up to 32 bytes' })

/**
 * `GET /api/chain/headers` and `GET /api/chain/proof`: the raw headers and the eth_getProof answers a device
 * checks for itself (src/thin/verify). Nothing here is trusted by the device: it hashes the headers, counts
 * their seals and checks each proof against a header's stateRoot.
 */
export async function chainRoutes(app: StationFastify, ctx: Pick<StationContext, 'publicClient'>): Promise<void> {
  const rpc = <T>(method: string, params: unknown[]) => nodeRequest<T>(ctx.publicClient, method, params)

  app.get(
    '/api/chain/headers',
    {
      schema: {
        summary: 'Raw block headers (RLP, hex) for a device to verify: `from` and `count` after, or the newest `count`',
        tags: ['chain'],
        querystring: Type.Object({
          from: Type.Optional(Type.Integer({ minimum: 0, description: 'the first block; without it, the newest `count` headers' })),
          count: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_HEADERS, description: `how many headers (default 1, at most ${MAX_HEADERS})` })),
        }),
        response: {
          200: Type.Object({
            head: Type.Integer({ description: "the node's head block number" }),
            headers: Type.Array(HexSchema, { description: 'the RLP of each header, in block order, from `from` up to the head at most' }),
          }),
        },
      },
    },
    async (request, reply) => {
      const count = request.query.count ?? 1
      const head = Number(BigInt(await rpc<Hex>('eth_blockNumber', [])))
      const from = request.query.from ?? Math.max(0, head - count + 1)
      const numbers = Array.from({ length: Math.max(0, Math.min(count, head - from + 1)) }, (_, i) => from + i)
      const blocks = await Promise.all(numbers.map((n) => rpc<RpcBlockHeader | null>('eth_getBlockByNumber', [numberToHex(n), false])))
      const headers: Hex[] = []
      for (const block of blocks) {
        // A block gone between eth_blockNumber and here (a reorganization shortened the chain) ends the run.
        if (!block) break
        const rlp = encodeRawHeader(block)
        if (!rlp) {
          return sendError(reply, 502, {
            code: 'header_unencodable',
            message: `block ${Number(BigInt(block.number))} has header fields this station cannot encode so that they hash to the block's hash`,
            hint: 'use another station, or update this one',
          })
        }
        headers.push(rlp)
      }
      return { head, headers }
    },
  )

  app.get(
    '/api/chain/proof',
    {
      schema: {
        summary: "eth_getProof of an account and some of its storage slots at a block, for a device to check against that block's stateRoot",
        tags: ['chain'],
        querystring: Type.Object({
          address: AddressSchema,
          slot: Type.Optional(Type.Array(SlotSchema, { maxItems: MAX_PROOF_SLOTS, description: `storage slots to prove (repeat the parameter, at most ${MAX_PROOF_SLOTS})` })),
          block: Type.Integer({ minimum: 0, description: 'the block whose state is proven' }),
        }),
        response: {
          200: Type.Object({
            block: Type.Integer(),
            nonce: QuantitySchema,
            balance: QuantitySchema,
            storageHash: HashSchema,
            codeHash: HashSchema,
            accountProof: Type.Array(HexSchema),
            storageProof: Type.Array(Type.Object({ value: QuantitySchema, proof: Type.Array(HexSchema) }), { description: 'one per `slot`, in the same order' }),
          }),
          404: ErrorSchema,
        },
      },
    },
    async (request, reply) => {
      const { address, block } = request.query
      const head = Number(BigInt(await rpc<Hex>('eth_blockNumber', [])))
      if (block > head) {
        return sendError(reply, 404, { code: 'unknown_block', field: 'block', message: `block ${block} is past this station's head, block ${head}`, hint: 'ask for a block the device has accepted' })
      }
      const slots = (request.query.slot ?? []).map((s) => pad(s as Hex, { size: 32 }))
      const p = await getProofAt(ctx.publicClient, address as Address, slots, await readBlockRef(ctx.publicClient, BigInt(block)))
      return {
        block,
        nonce: p.nonce,
        balance: p.balance,
        storageHash: p.storageHash,
        codeHash: p.codeHash,
        accountProof: p.accountProof,
        storageProof: p.storageProof.map((s) => ({ value: s.value, proof: s.proof })),
      }
    },
  )
}
