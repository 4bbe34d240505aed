import { describeContractError, type ContractErrorSentence, type DescribeContractErrorParameters } from './describeContractError.js'
import { readErrorNames, type ReadErrorNamesParameters } from './readErrorNames.js'

/**
 * A decoded revert in words, with the names, swap states and batteries it mentions read from the chain
 * (at `blockNumber` when given): the one call a station makes to tell a person why the chain refused.
 * With no decoded error (a revert that gave no reason) it answers the generic sentence.
 *
 * @example
 * const why = await explainRevert({ publicClient, deployment }, decodeEvswapError(e))
 * reply.code(422).send({ error: { code: 'would_revert', ...why } })
 */
export async function explainRevert(p: ReadErrorNamesParameters, error: DescribeContractErrorParameters | undefined): Promise<ContractErrorSentence> {
  const decoded = error ?? { name: 'UnknownRevert', args: [] }
  return describeContractError(decoded, await readErrorNames(p, decoded).catch(() => ({})))
}
