import { decideCliqueRewind, type CliqueRewindDecision } from './decideCliqueRewind.js'
import { nodeRpc } from './nodeRpc.js'
import { ipcRpc } from './ipcRpc.js'
import { nodePaths } from './nodePaths.js'
import { reconnectPeers } from './reconnectPeers.js'
import { rewindHead } from './rewindHead.js'
import { startMining } from './startMining.js'
import type { GethNode, NetworkMember } from './types.js'

/** geth forces a sync with fewer than 5 peers at most every 10 s: after that, a reconnection syncs. */
const RESYNC_AFTER_MS = 11_000

/** Options of {@link watchCliqueLiveness}. */
export type WatchCliqueLivenessOptions = {
  /** Seconds between blocks (the network's Clique period). */
  period: number
  /** The network's other nodes on this machine: a restarted miner waits until it has caught up with them. */
  peers: readonly GethNode[]
  /**
   * Every station of the network, also those on other machines (`network.members`): reconnected after a
   * rewind, with `peers`, so that this node syncs their chain. A station on a machine of its own has no
   * `peers`, and without these its rewound node would wait for a sync that never starts. With them, only
   * connected peers that are signers count as signers online; without them, every peer does.
   */
  members?: readonly Pick<NetworkMember, 'enode' | 'signer'>[]
  /** A stall shorter than this is normal (default: the larger of 20 s and 10 periods). */
  stallMs?: number
  /** How often the head is read (default: one period, at least 1 s). */
  pollMs?: number
  /**
   * For tests; default Math.random. A node waits stallMs plus up to stallMs more, at random, doubled after
   * each rewind that did not get the chain past the height it was stuck at (up to 16 times).
   */
  random?: () => number
  /**
   * Restart the node's miner when it has not been sealing for 10 s (default true). A station's node is
   * meant to seal; geth can lose its miner silently (docs/network.md, "The miner restart is checked"). Off
   * where a test stops miners on purpose.
   */
  keepSealing?: boolean
  log?: (line: string) => void
}

/** What the watch saw last; `rewinds` and `minerRestarts` count what it did. */
export type CliqueLivenessStatus = {
  head?: bigint
  stalledMs: number
  rewinds: number
  minerRestarts: number
  lastDecision?: CliqueRewindDecision
  lastRewind?: { from: bigint; to: bigint }
}

export type CliqueLivenessWatch = { status(): CliqueLivenessStatus; stop(): void }

/**
 * Watches a station's own Clique node and breaks a sealing deadlock: when the head stands still although
 * enough signers are online to seal, the node rewinds a few blocks and syncs its peers' fork again (see
 * `decideCliqueRewind`). The extra random wait makes one station act first; the others then see blocks
 * again and leave their chain alone. A node that is down is not a stall: the watch waits for it. A node
 * that has stopped sealing (and is not syncing) has its miner restarted.
 *
 * @example
 * const watch = watchCliqueLiveness(station, { period: 1, peers: network.stations, log: console.log })
 * watch.stop()
 */
export function watchCliqueLiveness(node: GethNode, options: WatchCliqueLivenessOptions): CliqueLivenessWatch {
  const periodMs = options.period * 1000
  const stallMs = options.stallMs ?? Math.max(20_000, 10 * periodMs)
  const pollMs = options.pollMs ?? Math.max(1000, periodMs)
  const random = options.random ?? Math.random
  const log = options.log ?? (() => {})
  const reconnectTo = [...new Map([...options.peers, ...(options.members ?? [])].map((p) => [p.enode, p])).values()]
  const jitter = () => Math.floor(stallMs * random())
  /** Rewinds since the chain last grew past the height of a rewind: each one doubles the wait. */
  let streak = 0
  const nextThreshold = () => stallMs * 2 ** Math.min(streak, 4) + jitter()
  let threshold = nextThreshold()
  let head: bigint | undefined
  let since = performance.now()
  let rewinds = 0
  let minerRestarts = 0
  /** Since when `eth_mining` has said false (a sync stops the miner for a few seconds: not a fault). */
  let idleSince: number | undefined
  let lastDecision: CliqueRewindDecision | undefined
  let lastRewind: { from: bigint; to: bigint } | undefined
  /** While a rewound node has not synced back: when its peers were last reconnected, and how often. */
  let resync: { at: number; tries: number } | undefined
  let lastError = ''
  let stopped = false
  let timer: NodeJS.Timeout | undefined

  async function keepSealing(): Promise<void> {
    if (await nodeRpc<boolean>(node, 'eth_mining')) {
      idleSince = undefined
      return
    }
    idleSince ??= performance.now()
    if (performance.now() - idleSince < 10_000) return
    log(`clique watch: ${node.name} has not been sealing for 10 s; restarting its miner`)
    await startMining([node], { peers: options.peers })
    minerRestarts += 1
    idleSince = undefined
  }

  async function poll(): Promise<void> {
    if (options.keepSealing !== false) await keepSealing()
    const now = BigInt(await nodeRpc<string>(node, 'eth_blockNumber'))
    if (resync && lastRewind) {
      if (now >= lastRewind.from) resync = undefined
      else if (performance.now() - resync.at > RESYNC_AFTER_MS) {
        if (resync.tries >= 3) resync = undefined // the stall rule below takes over again
        else {
          // Still behind: the reconnection came before geth's sync timer allowed a sync with so few peers
          // (it then wants 5), or a peer was not dialled back yet. A new connection is a new chance.
          await reconnectPeers(node, reconnectTo)
          resync = { at: performance.now(), tries: resync.tries + 1 }
          log(`clique watch: ${node.name} still at ${now}, below ${lastRewind.from}: reconnected its peers again`)
        }
      }
    }
    if (now !== head) {
      head = now
      since = performance.now()
      if (lastRewind && now > lastRewind.from && streak > 0) {
        streak = 0
        threshold = nextThreshold()
      }
      return
    }
    // Catching up after a rewind: another rewind meanwhile would only undo that.
    if (resync) return
    const stalledMs = performance.now() - since
    if (stalledMs < threshold) return
    const signers = await nodeRpc<string[]>(node, 'clique_getSigners')
    const decision = decideCliqueRewind({ stalledMs, thresholdMs: threshold, signers: signers.length, peers: await signerPeers(signers) })
    // Every rewind is logged; a reason to wait only when it changes, not at every poll.
    const repeated = !decision.rewind && lastDecision?.rewind === false && lastDecision.reason === decision.reason
    if (!repeated) {
      log(`clique watch: ${node.name} head ${head} unchanged for ${Math.round(stalledMs / 1000)} s: ${decision.rewind ? `deadlock, rewinding ${decision.blocks} blocks` : decision.reason}`)
    }
    lastDecision = decision
    if (!decision.rewind) return
    const r = await rewindHead(node, decision.blocks)
    await reconnectPeers(node, reconnectTo)
    rewinds += 1
    streak += 1
    lastRewind = r
    resync = { at: performance.now(), tries: 0 }
    log(`clique watch: ${node.name} rewound from ${r.from} to ${r.to} and reconnected its peers, to sync their chain`)
    // The sync brings the head back; if the chain is still stuck there, wait longer before the next try.
    head = r.to
    since = performance.now()
    threshold = nextThreshold()
  }

  /**
   * Connected peers that are signers now, matched by their enode's public key; without the members, every
   * peer (a station that joined and is not voted in yet, or one voted out, would then count as a signer).
   */
  async function signerPeers(signers: readonly string[]): Promise<number> {
    if (!options.members) return Number(BigInt(await nodeRpc<string>(node, 'net_peerCount')))
    const connected = await ipcRpc<{ enode: string }[]>(nodePaths(node.datadir).ipc, 'admin_peers')
    const keys = new Set(connected.map((p) => enodeKey(p.enode)))
    const current = new Set(signers.map((s) => s.toLowerCase()))
    return options.members.filter((m) => m.enode !== node.enode && keys.has(enodeKey(m.enode)) && current.has(m.signer.toLowerCase())).length
  }

  function schedule(): void {
    if (stopped) return
    timer = setTimeout(() => {
      poll()
        .then(() => (lastError = ''))
        .catch((e: unknown) => {
          const message = e instanceof Error ? e.message : String(e)
          if (message !== lastError) log(`clique watch: ${node.name}: ${message}`)
          lastError = message
          // No answer says nothing about sealing: start counting again once the node is back.
          head = undefined
        })
        .finally(schedule)
    }, pollMs)
    timer.unref()
  }
  schedule()

  return {
    status: () => ({ ...(head !== undefined ? { head } : {}), stalledMs: Math.round(performance.now() - since), rewinds, minerRestarts, ...(lastDecision ? { lastDecision } : {}), ...(lastRewind ? { lastRewind } : {}) }),
    stop() {
      stopped = true
      clearTimeout(timer)
    },
  }
}

/** The node's public key in an enode URL (an inbound peer's URL names its source port, not its listen port). */
function enodeKey(enode: string): string {
  return (/^enode:\/\/([0-9a-fA-F]+)@/.exec(enode)?.[1] ?? enode).toLowerCase()
}
