import { readFileSync, existsSync, mkdirSync } from 'node:fs'
import { dirname } from 'node:path'
import type { Address } from 'viem'
import { writeFileAtomicSync } from '../shared/fs/writeFileAtomicSync.js'

/** Where the contracts of one chain live: the record `deployEvswap` writes. */
export type Deployment = {
  chainId: number
  forwarder: Address
  batteryProcess: Address
  balanceProcess: Address
  batteryInterface: Address
  /** Stations as places (StationDirectory): name, location, address, opening hours, formats. */
  stationDirectory: Address
  superAccount: Address
  deployer: Address
  /** Block of the last deployment transaction: where event scans start. */
  block: number
}

/** Reads a deployment record, or undefined when there is none. */
export function readDeployment(path: string): Deployment | undefined {
  if (!existsSync(path)) return undefined
  return JSON.parse(readFileSync(path, 'utf8')) as Deployment
}

/** Writes a deployment record atomically. */
export function writeDeployment(path: string, deployment: Deployment): void {
  mkdirSync(dirname(path), { recursive: true })
  writeFileAtomicSync(path, JSON.stringify(deployment, null, 2) + '\n')
}
