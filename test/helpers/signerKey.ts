import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Hex } from 'viem'
import { nodePaths, type GethNode } from '../../src/network/index.js'
import { decryptKeystore } from '../../src/thin/keystore/decryptKeystore.js'

/** The sealing key of a station, from its geth keystore: what a station that turns on its devices holds, or what a second machine copies. */
export async function signerKey(node: GethNode): Promise<Hex> {
  const paths = nodePaths(node.datadir)
  const file = readdirSync(paths.keystore)[0]!
  return decryptKeystore(JSON.parse(readFileSync(join(paths.keystore, file), 'utf8')), readFileSync(paths.password, 'utf8').split('\n')[0]!)
}
