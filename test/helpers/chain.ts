import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import {
  createPublicClient,
  createWalletClient,
  http,
  parseEther,
  parseEventLogs,
  toHex,
  type Account,
  type Chain,
  type Hash,
  type Hex,
  type LocalAccount,
  type PublicClient,
  type TransactionReceipt,
  type Transport,
  type WalletClient,
} from 'viem'
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts'
import { randomBytes } from 'node:crypto'
import { startAnvil, type StartAnvilReturnType } from '../../src/rich/node/startAnvil.js'
import { deployEvswap } from '../../src/sdk/deployEvswap.js'
import type { Deployment } from '../../src/sdk/deployment.js'
import { sendCall } from '../../src/sdk/sendCall.js'
import type { EvswapCall } from '../../src/sdk/calls/EvswapCall.js'
import { registerEVOwnerCall } from '../../src/sdk/calls/registerEVOwnerCall.js'
import { registerStationOperatorCall } from '../../src/sdk/calls/registerStationOperatorCall.js'
import { registerBatteryCall } from '../../src/sdk/calls/registerBatteryCall.js'
import { signForwardRequest } from '../../src/sdk/forwarder/signForwardRequest.js'
import type { SignedForwardRequest } from '../../src/sdk/forwarder/forwardRequestTypes.js'
import { getForwarderNonce } from '../../src/sdk/reads/getForwarderNonce.js'
import { evswapForwarderAbi } from '../../src/sdk/abi/evswapForwarder.js'
import { batteryProcessAbi } from '../../src/sdk/abi/batteryProcess.js'
import type { StaticInfoRecord } from '../../src/sdk/staticInfo.js'
import type { BatteryReading } from '../../src/sdk/reads/types.js'
import { toForwardRequestData } from '../../src/rich/relay/toForwardRequestData.js'
import { freePortRange } from './freePort.js'

/** anvil's well-known dev keys (mnemonic "test test ... junk"), each funded with 10 000 Ether. */
export const DEV_KEYS = [
  '0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80',
  '0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d',
  '0x5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a',
  '0x7c852118294e51e653712a81e05800f419141751be58f605c371e15141b007a6',
] as const satisfies readonly Hex[]

export type Wallet = WalletClient<Transport, Chain | undefined, Account>

export type TestChain = {
  dir: string
  stateFile: string
  recordPath: string
  anvil: StartAnvilReturnType
  url: string
  publicClient: PublicClient
  /** Dev key 0: deployed the contracts; holds Ether. */
  deployer: Wallet
  /** The super account, funded with Ether so tests can send its calls directly. */
  superAccount: LocalAccount
  superWallet: Wallet
  deployment: Deployment
  /** A wallet of dev key `i` (1..3 are free for relayers). */
  wallet(i: number): Wallet
  /** Sends calls from one wallet at once (explicit nonces) and waits for all receipts; throws on a revert. */
  send(from: Wallet, calls: EvswapCall[]): Promise<TransactionReceipt[]>
  /** New keys registered by the super account (direct transactions, one block). */
  registerDevices(specs: DeviceSpec[]): Promise<LocalAccount[]>
  /** Runs a device's call through `forwarder.execute`, paid by dev key 0: relaying without a relay, for setup. */
  forward(account: LocalAccount, call: EvswapCall): Promise<TransactionReceipt>
  /** Registers a battery for a device (forwarded) and answers its id. */
  registerBattery(account: LocalAccount, brand?: string): Promise<number>
  /** Signs `call` for `account` at its current forwarder nonce, deadline in 5 minutes unless given. */
  sign(account: LocalAccount, call: EvswapCall, opts?: { nonce?: bigint; deadline?: number; chainId?: number }): Promise<SignedForwardRequest>
  stop(): Promise<void>
}

export type DeviceSpec = { role: 'EVOwner' | 'StationOperator'; unitId: number }

/** A battery fresh from its maker, in chain units. */
export function testBattery(brand = 'TST'): { staticInfo: StaticInfoRecord; reading: BatteryReading } {
  return {
    staticInfo: {
      brand,
      maxChargingCount: 2000,
      maxDischargingCount: 2000,
      maxChargingTotalTime: 8000 * 3600,
      maxDischargingTotalTime: 8000 * 3600,
      manufactureYear: 2026,
      manufactureMonth: 1,
      maxYearLimited: 10,
      manufacturePrice: 6_500_00n,
    },
    reading: { energyWh: 60_000, socPermille: 1000, chargingCount: 0, dischargingCount: 0, chargingTotalTime: 0, dischargingTotalTime: 0 },
  }
}

/**
 * A fresh chain for one test file: anvil on a free port with its state in a temp folder, the contracts
 * deployed by dev key 0, and a super account holding Ether. `stop()` ends anvil and removes the folder.
 *
 * @example
 * const chain = await startTestChain()
 * after(() => chain.stop())
 * const [ev] = await chain.registerDevices([{ role: 'EVOwner', unitId: 1 }])
 */
export async function startTestChain(opts: { blockTime?: number; dir?: string } = {}): Promise<TestChain> {
  const dir = opts.dir ?? mkdtempSync(join(tmpdir(), 'evswap-chain-'))
  const stateFile = join(dir, 'state.json')
  const recordPath = join(dir, 'deployment.json')
  // A quarter second per block keeps tests fast; timestamps still follow the wall clock.
  const anvil = await startAnvil({ port: await freePortRange(1), stateFile, blockTime: opts.blockTime ?? 0.25 })
  try {
    const transport = http(anvil.url)
    const publicClient = createPublicClient({ transport, pollingInterval: 50 })
    const wallet = (i: number): Wallet => createWalletClient({ account: privateKeyToAccount(DEV_KEYS[i]!), transport, pollingInterval: 50 })
    const deployer = wallet(0)
    const superAccount = privateKeyToAccount(generatePrivateKey())
    const superWallet: Wallet = createWalletClient({ account: superAccount, transport, pollingInterval: 50 })
    await publicClient.waitForTransactionReceipt({ hash: await deployer.sendTransaction({ account: deployer.account, chain: null, to: superAccount.address, value: parseEther('100') }) })
    const deployment = await deployEvswap({ publicClient, walletClient: deployer, superAccount: superAccount.address, recordPath })

    // Sending is serialized per wallet (nonce from the pending count, then send) so concurrent helpers never
    // reuse a nonce; waiting for receipts is not, so many transactions share a block.
    const locks = new Map<string, Promise<unknown>>()
    function serialized<T>(key: string, fn: () => Promise<T>): Promise<T> {
      const run = (locks.get(key) ?? Promise.resolve()).then(fn)
      locks.set(key, run.catch(() => {}))
      return run
    }
    async function send(from: Wallet, calls: EvswapCall[]): Promise<TransactionReceipt[]> {
      const hashes = await serialized(from.account.address, async () => {
        const nonce = await publicClient.getTransactionCount({ address: from.account.address, blockTag: 'pending' })
        const out: Hash[] = []
        for (const [i, call] of calls.entries()) out.push(await sendCall(from, call, { nonce: nonce + i }))
        return out
      })
      const receipts = await Promise.all(hashes.map((hash) => publicClient.waitForTransactionReceipt({ hash })))
      for (const [i, r] of receipts.entries()) if (r.status !== 'success') throw new Error(`${calls[i]!.label} reverted in ${r.transactionHash}`)
      return receipts
    }

    async function sign(account: LocalAccount, call: EvswapCall, o: { nonce?: bigint; deadline?: number; chainId?: number } = {}) {
      return signForwardRequest({
        account,
        deployment: { forwarder: deployment.forwarder, chainId: o.chainId ?? deployment.chainId },
        call,
        nonce: o.nonce ?? (await getForwarderNonce(publicClient, deployment, account.address)),
        deadline: o.deadline ?? Math.floor(Date.now() / 1000) + 300,
      })
    }

    async function forward(account: LocalAccount, call: EvswapCall): Promise<TransactionReceipt> {
      const signed = await sign(account, call)
      const hash = await serialized(deployer.account.address, async () => {
        const nonce = await publicClient.getTransactionCount({ address: deployer.account.address, blockTag: 'pending' })
        return deployer.writeContract({ address: deployment.forwarder, abi: evswapForwarderAbi, functionName: 'execute', args: [toForwardRequestData(signed)], chain: null, gas: call.gas + 100_000n, nonce })
      })
      const receipt = await publicClient.waitForTransactionReceipt({ hash })
      if (receipt.status !== 'success') throw new Error(`forwarded ${call.label} reverted in ${receipt.transactionHash}`)
      return receipt
    }

    return {
      dir,
      stateFile,
      recordPath,
      anvil,
      url: anvil.url,
      publicClient,
      deployer,
      superAccount,
      superWallet,
      deployment,
      wallet,
      send,
      sign,
      forward,
      async registerDevices(specs) {
        const accounts = specs.map(() => privateKeyToAccount(generatePrivateKey()))
        await send(
          superWallet,
          specs.map((s, i) =>
            s.role === 'EVOwner'
              ? registerEVOwnerCall(deployment, { account: accounts[i]!.address, evId: s.unitId })
              : registerStationOperatorCall(deployment, { account: accounts[i]!.address, stationId: s.unitId }),
          ),
        )
        return accounts
      },
      async registerBattery(account, brand = 'TST') {
        const tag = toHex(randomBytes(32))
        const receipt = await forward(account, registerBatteryCall(deployment, { ...testBattery(brand), tag }))
        const [registered] = parseEventLogs({ abi: batteryProcessAbi, logs: receipt.logs, eventName: 'BatteryRegistered' })
        if (!registered) throw new Error('registerBattery emitted no BatteryRegistered')
        return registered.args.batteryId
      },
      async stop() {
        await anvil.stop()
        if (!opts.dir) rmSync(dir, { recursive: true, force: true })
      },
    }
  } catch (e) {
    await anvil.stop()
    throw e
  }
}
