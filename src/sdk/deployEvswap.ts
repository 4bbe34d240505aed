import {
  getContractAddress,
  encodeDeployData,
  encodeFunctionData,
  type Account,
  type Address,
  type Chain,
  type Hex,
  type PublicClient,
  type Transport,
  type WalletClient,
} from 'viem'
import { evswapForwarderAbi, evswapForwarderBytecode } from './abi/evswapForwarder.js'
import { batteryProcessAbi, batteryProcessBytecode } from './abi/batteryProcess.js'
import { balanceProcessAbi, balanceProcessBytecode } from './abi/balanceProcess.js'
import { batteryInterfaceAbi, batteryInterfaceBytecode } from './abi/batteryInterface.js'
import { stationDirectoryBytecode, stationDirectoryAbi } from './abi/stationDirectory.js'
import { readDeployment, writeDeployment, type Deployment } from './deployment.js'
import { EvswapError } from './errors/EvswapError.js'

export type DeployEvswapParameters = {
  publicClient: PublicClient
  walletClient: WalletClient<Transport, Chain | undefined, Account>
  /** The super account: registers accounts, grants E-coin, sets fees. */
  superAccount: Address
  /** Where the deployment record lives; an existing record whose contracts are on this chain is reused. */
  recordPath?: string
}
export type DeployEvswapReturnType = Deployment & { reused: boolean }

/**
 * Deploys the forwarder, BatteryProcess, BalanceProcess, BatteryInterface and StationDirectory, binds the two
 * stores to BatteryInterface, and writes the record. Idempotent: run twice, deploy once.
 *
 * @example
 * const d = await deployEvswap({ publicClient, walletClient, superAccount, recordPath: '.evswap/deployment.json' })
 */
export async function deployEvswap(p: DeployEvswapParameters): Promise<DeployEvswapReturnType> {
  const chainId = await p.publicClient.getChainId()
  const existing = p.recordPath ? readDeployment(p.recordPath) : undefined
  // A record from before StationDirectory is not reused: its network lacks the contract.
  if (existing && existing.chainId === chainId && existing.stationDirectory) {
    const code = await p.publicClient.getCode({ address: existing.batteryInterface })
    if (code && code !== '0x') return { ...existing, reused: true }
  }

  const deployer = p.walletClient.account.address
  const nonce = await p.publicClient.getTransactionCount({ address: deployer, blockTag: 'pending' })
  const at = (n: number) => getContractAddress({ from: deployer, nonce: BigInt(nonce + n) })
  const [forwarder, batteryProcess, balanceProcess, batteryInterface, stationDirectory] = [at(0), at(1), at(2), at(3), at(6)]

  // All seven transactions go out at once with explicit nonces, so deployment takes one or two blocks.
  const txs: { data: Hex; to?: Address }[] = [
    { data: encodeDeployData({ abi: evswapForwarderAbi, bytecode: evswapForwarderBytecode }) },
    { data: encodeDeployData({ abi: batteryProcessAbi, bytecode: batteryProcessBytecode }) },
    { data: encodeDeployData({ abi: balanceProcessAbi, bytecode: balanceProcessBytecode, args: [forwarder] }) },
    {
      data: encodeDeployData({
        abi: batteryInterfaceAbi,
        bytecode: batteryInterfaceBytecode,
        args: [forwarder, batteryProcess, balanceProcess, p.superAccount],
      }),
    },
    {
      to: batteryProcess,
      data: encodeFunctionData({ abi: batteryProcessAbi, functionName: 'setController', args: [batteryInterface] }),
    },
    {
      to: balanceProcess,
      data: encodeFunctionData({ abi: balanceProcessAbi, functionName: 'setController', args: [batteryInterface] }),
    },
    { data: encodeDeployData({ abi: stationDirectoryAbi, bytecode: stationDirectoryBytecode, args: [forwarder, batteryInterface] }) },
  ]
  const hashes: Hex[] = []
  for (const [i, tx] of txs.entries()) {
    hashes.push(
      await p.walletClient.sendTransaction({
        account: p.walletClient.account,
        chain: p.walletClient.chain ?? null,
        to: tx.to ?? null,
        data: tx.data,
        nonce: nonce + i,
        gas: tx.to ? 100_000n : 6_000_000n,
      }),
    )
  }
  let block = 0
  for (const [i, hash] of hashes.entries()) {
    const receipt = await p.publicClient.waitForTransactionReceipt({ hash, timeout: 120_000 })
    if (receipt.status !== 'success') {
      throw new EvswapError(`deployment transaction ${i + 1} of ${hashes.length} reverted`, {
        details: `tx ${hash}`,
        hint: 'check that the node runs the paris or london fork (no Shanghai opcodes) and that the deployer has Ether',
      })
    }
    block = Math.max(block, Number(receipt.blockNumber))
  }
  const deployment: Deployment = {
    chainId,
    forwarder,
    batteryProcess,
    balanceProcess,
    batteryInterface,
    stationDirectory,
    superAccount: p.superAccount,
    deployer,
    block,
  }
  if (p.recordPath) writeDeployment(p.recordPath, deployment)
  return { ...deployment, reused: false }
}
