import { Resolver } from 'node:dns/promises';
import { BackchannelLogoutService } from 'nestjs-backchannel-logout';
import { HostLookup, validateBackchannelLogoutUri } from 'nestjs-backchannel-logout/provider';
import { ResolvedAddress } from '../../libs/backchannel-logout/src/common/network/host-lookup.interface';
import { databaseCases } from '../support/databases';
import { deleteKeysWithPrefix, testRedisOptions, uniquePrefix } from '../support/redis';
import { LoopbackTrap } from '../provider/support/loopback-trap';
import { TinyDnsServer } from './support/dns-server';
import { OpNode, startOpNode } from './support/op-node';
import { seedSession } from './support/seed';

/** A public address (TEST-NETs and benchmarking ranges are refused, so a real one): never reachable here. */
const PUBLIC = '93.184.216.34';

/** A `HostLookup` as a host would build it on its own DNS servers: `dns.promises.Resolver#setServers`. */
function resolverLookup(server: string): HostLookup {
  const resolver = new Resolver({ timeout: 1000, tries: 1 });
  resolver.setServers([server]);
  return async (host) => {
    const [v4, v6] = await Promise.allSettled([resolver.resolve4(host), resolver.resolve6(host)]);
    const found: ResolvedAddress[] = [
      ...(v4.status === 'fulfilled'
        ? v4.value.map((address) => ({ address, family: 4 as const }))
        : []),
      ...(v6.status === 'fulfilled'
        ? v6.value.map((address) => ({ address, family: 6 as const }))
        : []),
    ];
    if (found.length === 0)
      throw v4.status === 'rejected' ? v4.reason : new Error(`${host}: no address`);
    return found;
  };
}

/** Names of a real zone, each resolving (A and/or AAAA) to a target that must be refused. */
const REFUSED: Record<string, string[]> = {
  'loopback.ssrf.test': ['127.0.0.1'],
  'loopback-range.ssrf.test': ['127.1.2.3'],
  'rfc1918-10.ssrf.test': ['10.0.0.1'],
  'rfc1918-172.ssrf.test': ['172.16.0.1'],
  'rfc1918-192.ssrf.test': ['192.168.0.1'],
  'metadata.ssrf.test': ['169.254.169.254'],
  'cgnat.ssrf.test': ['100.64.0.1'],
  'unspecified.ssrf.test': ['0.0.0.0'],
  'multicast.ssrf.test': ['224.0.0.1'],
  'broadcast.ssrf.test': ['255.255.255.255'],
  'benchmark.ssrf.test': ['198.18.0.1'],
  'test-net.ssrf.test': ['192.0.2.1'],
  'ipv6-loopback.ssrf.test': ['::1'],
  'ipv6-unspecified.ssrf.test': ['::'],
  'ula.ssrf.test': ['fd00::1'],
  'ula-fc.ssrf.test': ['fc00::1'],
  'link-local6.ssrf.test': ['fe80::1'],
  'multicast6.ssrf.test': ['ff02::1'],
  'mapped.ssrf.test': ['::ffff:127.0.0.1'],
  'mapped-private.ssrf.test': ['::ffff:10.0.0.1'],
  '6to4.ssrf.test': ['2002:7f00:1::1'],
  'nat64.ssrf.test': ['64:ff9b::7f00:1'],
  'mixed-a.ssrf.test': [PUBLIC, '127.0.0.1'],
  'mixed-family.ssrf.test': [PUBLIC, '::1'],
};

describe.each(databaseCases())('SSRF with a real DNS server on %s', (_db, database) => {
  const prefix = uniquePrefix('ssrf-dns');
  const dns = new TinyDnsServer();
  let trap: LoopbackTrap;
  let node: OpNode;
  let lookup: HostLookup;

  beforeAll(async () => {
    await dns.start();
    for (const [name, addresses] of Object.entries(REFUSED)) dns.set(name, addresses);
    // Rebinding: public on the first A query, loopback on every later one.
    for (const name of ['rebind-at-delivery.ssrf.test', 'rebind-after-check.ssrf.test']) {
      dns.set(name, ({ type, count }) =>
        type === 'A' ? [count === 1 ? PUBLIC : '127.0.0.1'] : [],
      );
    }
    trap = await new LoopbackTrap().start();
    lookup = resolverLookup(dns.address);
    node = await startOpNode({
      database: await database.create(),
      prefix,
      redis: testRedisOptions(),
      // http allowed only so the trap (plain TCP) would see a connection; private networks stay refused.
      module: { delivery: { lookup, allowHttp: true, attempts: 1, timeoutMs: 500 } },
    });
  });

  afterAll(async () => {
    await node?.close();
    await trap?.stop();
    await dns.stop();
    await deleteKeysWithPrefix(prefix);
    await database.drop();
  });

  it('resolves through the real server (a sanity check of the zone)', async () => {
    await expect(lookup('mixed-family.ssrf.test')).resolves.toEqual([
      { address: PUBLIC, family: 4 },
      { address: '::1', family: 6 },
    ]);
    await expect(lookup('mapped.ssrf.test')).resolves.toEqual([
      { address: '::ffff:127.0.0.1', family: 6 },
    ]);
    await expect(lookup('unknown.ssrf.test')).rejects.toMatchObject({ code: 'ENOTFOUND' });
  });

  it('refuses every name of the table at delivery, resolving each once, and never connects', async () => {
    const names = Object.keys(REFUSED);
    let i = 0;
    await seedSession(node.dataSource, {
      label: 'dns',
      count: names.length,
      sid: 'dns-sid',
      sub: 'dns-user',
      uriOf: () => `http://${names[i++]}:${trap.port}/bcl`,
    });
    const queriedBefore = new Map(names.map((name) => [name, dns.countOf(name, 'A')]));
    const bcl = node.app.get(BackchannelLogoutService);
    const { logoutId } = await bcl.logoutSession({ sid: 'dns-sid' });
    const outcome = await bcl.waitForDeliveries(logoutId, 20000);
    expect(outcome.settled).toBe(true);
    const byClient = new Map(outcome.deliveries.map((d) => [d.clientId, d]));
    names.forEach((name, n) => {
      const d = byClient.get(`dns-${n}`)!;
      expect({ name, status: d.status, errorCode: d.errorCode }).toEqual({
        name,
        status: 'failed',
        errorCode: 'target_address_refused',
      });
      expect(d.errorMessage).toContain(`${name} resolves to`);
      expect(dns.countOf(name, 'A') - queriedBefore.get(name)!).toBe(1);
    });
    expect(trap.connections).toBe(0);
  });

  it('a name that was public when registered and is loopback at delivery: refused, nothing reaches loopback', async () => {
    const name = 'rebind-at-delivery.ssrf.test';
    const uri = `http://${name}:${trap.port}/bcl`;
    await expect(
      validateBackchannelLogoutUri(uri, { allowHttp: true, lookup }),
    ).resolves.toBeNull();
    await seedSession(node.dataSource, {
      label: 'rebind1',
      count: 1,
      sid: 'rb1',
      sub: 'u',
      uriOf: () => uri,
    });
    const bcl = node.app.get(BackchannelLogoutService);
    const { logoutId } = await bcl.logoutSession({ sid: 'rb1' });
    const outcome = await bcl.waitForDeliveries(logoutId, 10000);
    expect(outcome.deliveries[0]).toMatchObject({
      status: 'failed',
      errorCode: 'target_address_refused',
    });
    expect(outcome.deliveries[0].errorMessage).toContain('127.0.0.1 (loopback)');
    expect(dns.countOf(name, 'A')).toBe(2); // once at registration, once at delivery
    expect(trap.connections).toBe(0);
  });

  it('a name that turns loopback right after the check: the socket goes to the checked address, resolved once', async () => {
    const name = 'rebind-after-check.ssrf.test';
    await seedSession(node.dataSource, {
      label: 'rebind2',
      count: 1,
      sid: 'rb2',
      sub: 'u',
      uriOf: () => `http://${name}:${trap.port}/bcl`,
    });
    const bcl = node.app.get(BackchannelLogoutService);
    const { logoutId } = await bcl.logoutSession({ sid: 'rb2' });
    const outcome = await bcl.waitForDeliveries(logoutId, 10000);
    // The checked public address is unreachable from here: a network failure or a timeout, never a request
    // to the loopback address that any second lookup through this resolver would now return. (Node's own
    // http lookup would ask the system resolver, not this server: what proves the pinning here is that the
    // library asked its resolver exactly once, and that nothing reached the trap.)
    expect(outcome.deliveries[0].status).toBe('failed');
    expect(['network_error', 'rp_timeout']).toContain(outcome.deliveries[0].errorCode);
    expect(dns.countOf(name, 'A')).toBe(1);
    await expect(lookup(name)).resolves.toEqual([{ address: '127.0.0.1', family: 4 }]); // it did rebind
    expect(trap.connections).toBe(0);
  });
});
