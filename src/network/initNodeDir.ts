import { randomBytes } from 'node:crypto'
import { mkdirSync, writeFileSync } from 'node:fs'
import type { Hex } from 'viem'
import { importSignerKey } from './importSignerKey.js'
import { nodePaths } from './nodePaths.js'
import { runGeth } from './runGeth.js'
import { writeNodeConfig } from './writeNodeConfig.js'

/** Inputs of {@link initNodeDir}. */
export type InitNodeDirParameters = {
  geth: string
  datadir: string
  genesisPath: string
  /** The key the node seals with; imported into its keystore. */
  sealKey: Hex
  /** Devp2p key (hex); its enode is what the other nodes dial. */
  nodekey: Hex
  listenAddr: string
  staticNodes: readonly string[]
}

/**
 * Creates one node's datadir: password file, keystore with the sealing key, node key, TOML config with
 * static peers, and the chain initialised from the genesis file.
 *
 * @example
 * initNodeDir({ geth, datadir, genesisPath, sealKey, nodekey, listenAddr: '127.0.0.1:30401', staticNodes })
 */
export function initNodeDir(parameters: InitNodeDirParameters): void {
  const { geth, datadir, genesisPath, sealKey, nodekey, listenAddr, staticNodes } = parameters
  const paths = nodePaths(datadir)
  mkdirSync(datadir, { recursive: true, mode: 0o700 })
  writeFileSync(paths.password, randomBytes(24).toString('hex'), { mode: 0o600 })
  importSignerKey(geth, datadir, sealKey, paths.password)
  writeFileSync(paths.nodekey, nodekey.slice(2), { mode: 0o600 })
  writeNodeConfig(paths.config, { listenAddr, staticNodes })
  runGeth(geth, ['init', '--datadir', datadir, genesisPath])
}

