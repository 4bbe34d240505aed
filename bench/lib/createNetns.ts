// Separate "machines" for the namespace test and `bench network`: Linux network namespaces joined by veth pairs to a bridge, each
// with an address of its own. Only addresses inside the namespaces are ever set; the root namespace's
// interfaces are never touched.
import { execFileSync } from 'node:child_process'
import { randomBytes } from 'node:crypto'

/** Every namespace this helper makes starts with this, then the pid of the process that made it. */
const PREFIX = 'evswap-nt-'

/** One host of a {@link TestLan}. */
export type LanHost = {
  /** Its network namespace: run a command in it with `ip netns exec NAME …`. */
  netns: string
  /** Its address on the LAN, e.g. 10.231.0.11. */
  address: string
  /** The hub's end of its veth pair: down cuts its cable. */
  hubLink: string
}

/** A LAN of namespaces made by {@link createNetns}. */
export type TestLan = {
  /** The namespace holding the bridge. */
  hub: string
  /** The LAN's addresses in CIDR notation. */
  cidr: string
  hosts: LanHost[]
  /** Takes host i's cable out (its veth down, on the hub's side). */
  cut(i: number): void
  /** Puts it back. */
  heal(i: number): void
  /** Deletes every namespace (their veths and the bridge go with them). Safe to call twice. */
  remove(): void
}

function ip(...args: string[]): string {
  return execFileSync('ip', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] })
}

/**
 * Makes `count` hosts on one LAN (`10.231.0.0/24` by default, host i at .10+i): a hub namespace with a Linux
 * bridge, and per host a namespace joined to it by a veth pair, loopback up (geth's RPC binds 127.0.0.1
 * in there). Leftovers of earlier runs whose process is gone are deleted first. Throws a sentence when
 * namespaces cannot be made (no privilege): a test must fail then, not skip. Shared by
 * test/network/netns.test.ts and `bench network`.
 *
 * @example
 * const lan = createNetns(5)
 * try { execFileSync('ip', ['netns', 'exec', lan.hosts[0]!.netns, 'ping', '-c1', lan.hosts[1]!.address]) } finally { lan.remove() }
 */
export function createNetns(count: number, options: { subnet?: string } = {}): TestLan {
  const subnet = options.subnet ?? '10.231.0'
  removeLeftoverNetns()
  const tag = `${PREFIX}${process.pid}-${randomBytes(3).toString('hex')}`
  const hub = `${tag}-hub`
  const made: string[] = []
  const remove = () => {
    for (const ns of made.splice(0).reverse()) {
      try {
        ip('netns', 'del', ns)
      } catch {
        // Already gone.
      }
    }
  }
  try {
    try {
      ip('netns', 'add', hub)
    } catch (error) {
      throw new Error(
        `cannot make network namespaces (\`ip netns add\` failed: ${String((error as { stderr?: string }).stderr ?? error).trim()}); ` +
          'giving each station an address of its own needs root or CAP_NET_ADMIN: run it as root, as CI does',
      )
    }
    made.push(hub)
    ip('-n', hub, 'link', 'set', 'lo', 'up')
    ip('-n', hub, 'link', 'add', 'br0', 'type', 'bridge')
    ip('-n', hub, 'link', 'set', 'br0', 'up')
    const hosts: LanHost[] = []
    for (let i = 1; i <= count; i++) {
      const netns = `${tag}-s${i}`
      ip('netns', 'add', netns)
      made.push(netns)
      const hubLink = `s${i}`
      // Both ends are made inside namespaces: no interface ever appears in the root namespace.
      ip('-n', hub, 'link', 'add', hubLink, 'type', 'veth', 'peer', 'name', 'eth0', 'netns', netns)
      ip('-n', hub, 'link', 'set', hubLink, 'master', 'br0', 'up')
      const address = `${subnet}.${10 + i}`
      ip('-n', netns, 'addr', 'add', `${address}/24`, 'dev', 'eth0')
      ip('-n', netns, 'link', 'set', 'eth0', 'up')
      ip('-n', netns, 'link', 'set', 'lo', 'up')
      hosts.push({ netns, address, hubLink })
    }
    return {
      hub,
      cidr: `${subnet}.0/24`,
      hosts,
      cut: (i) => void ip('-n', hub, 'link', 'set', hosts[i]!.hubLink, 'down'),
      heal: (i) => void ip('-n', hub, 'link', 'set', hosts[i]!.hubLink, 'up'),
      remove,
    }
  } catch (error) {
    remove()
    throw error
  }
}

/** Deletes namespaces this helper made in processes that no longer run (a run that crashed or was killed). */
function removeLeftoverNetns(): void {
  let list: string
  try {
    list = ip('netns', 'list')
  } catch {
    return // no namespaces at all yet, or none can be listed: createNetns then says why
  }
  for (const line of list.split('\n')) {
    const name = line.split(' ')[0] ?? ''
    const pid = Number(name.slice(PREFIX.length).split('-')[0])
    if (!name.startsWith(PREFIX) || !Number.isInteger(pid) || isAlive(pid)) continue
    try {
      ip('netns', 'del', name)
    } catch {
      // Another cleanup got it first.
    }
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}
