import {
  BackchannelLogoutService,
  validateBackchannelLogoutClientMetadata,
} from 'nestjs-backchannel-logout';
import { HostLookup, validateBackchannelLogoutUri } from 'nestjs-backchannel-logout/provider';
import { systemHostLookup } from '../../libs/backchannel-logout/src/common/network/host-lookup.interface';
import { databaseCases } from '../support/databases';
import { deleteKeysWithPrefix, uniquePrefix } from '../support/redis';
import { addClients, FixtureOp, startFixtureOp } from './fixtures/fixture-op.app';
import { LoopbackTrap } from './support/loopback-trap';

const fakeDns: Record<string, string[]> = {
  'private.test': ['10.1.2.3'],
  'metadata.test': ['169.254.169.254'],
  'mixed.test': ['93.184.216.34', '127.0.0.1'],
  'ula.test': ['fd00::1'],
  'compat.test': ['::a9fe:a9fe'],
};

const lookup: HostLookup = async (host) => {
  const fake = fakeDns[host];
  if (fake) return fake.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
  return systemHostLookup(host); // `localhost` goes through /etc/hosts, as in production
};

/** Targets that must be refused with private networks disallowed (the default). */
function refusedTargets(port: number): string[] {
  return [
    `https://127.0.0.1:${port}/bcl`,
    'https://127.8.9.10/bcl',
    'https://10.0.0.1/bcl',
    'https://10.255.255.254/bcl',
    'https://172.16.0.1/bcl',
    'https://172.31.255.254/bcl',
    'https://192.168.1.1/bcl',
    'https://169.254.169.254/latest/meta-data/',
    'https://100.64.0.1/bcl',
    'https://100.127.255.254/bcl',
    'https://0.0.0.0/bcl',
    'https://255.255.255.255/bcl',
    'https://224.0.0.1/bcl',
    'https://198.18.0.1/bcl',
    'https://192.0.2.10/bcl',
    `https://[::1]:${port}/bcl`,
    'https://[::]/bcl',
    'https://[fc00::1]/bcl',
    'https://[fd12:3456:789a::1]/bcl',
    'https://[fe80::1]/bcl',
    'https://[ff02::1]/bcl',
    `https://[::ffff:127.0.0.1]:${port}/bcl`,
    'https://[::ffff:10.0.0.1]/bcl',
    'https://[2002:7f00:1::1]/bcl',
    'https://[64:ff9b::7f00:1]/bcl',
    'https://[2001:0:4136:e378:8000:63bf:3fff:fdd2]/bcl',
    // IPv4-compatible IPv6, ::/96 (issue #8): normalised by the URL parser to [::7f00:1] etc.
    `https://[::127.0.0.1]:${port}/bcl`,
    'https://[::7f00:1]/bcl',
    'https://[::a9fe:a9fe]/latest/meta-data/',
    'https://[::808:808]/bcl',
    'https://compat.test/bcl',
    `https://2130706433:${port}/bcl`,
    `https://0x7f.1:${port}/bcl`,
    `https://localhost:${port}/bcl`,
    'https://private.test/bcl',
    'https://metadata.test/bcl',
    'https://mixed.test/bcl',
    'https://ula.test/bcl',
  ];
}

describe.each(databaseCases())('SSRF protection on %s', (_db, database) => {
  const prefix = uniquePrefix('ssrf');
  let trap: LoopbackTrap;
  let op: FixtureOp;

  beforeAll(async () => {
    trap = await new LoopbackTrap().start();
    // The defaults: https only, private networks refused. Only the resolver is injected.
    op = await startFixtureOp({
      database: await database.create(),
      prefix,
      module: { delivery: { lookup } },
    });
  });

  afterAll(async () => {
    await op?.close();
    await trap?.stop();
    await deleteKeysWithPrefix(prefix);
    await database.drop();
  });

  it('has at least 20 targets in the table', () => {
    expect(refusedTargets(1).length).toBeGreaterThanOrEqual(20);
  });

  it('refuses every target at registration, saying why', async () => {
    for (const uri of refusedTargets(trap.port)) {
      const errors = await validateBackchannelLogoutClientMetadata(
        { backchannel_logout_uri: uri },
        { lookup },
      );
      expect({ uri, errors }).toEqual({
        uri,
        errors: [
          {
            field: 'backchannel_logout_uri',
            code: 'target_address_refused',
            message: expect.stringMatching(
              /^backchannel_logout_uri points to a private or special-use network address, which is refused: .+ \(.+\)$/,
            ),
          },
        ],
      });
    }
  });

  it('refuses every target at delivery (clients seeded without validation) and never connects', async () => {
    const targets = refusedTargets(trap.port);
    const clients = targets.map((uri, i) => ({ clientId: `ssrf-${i}`, backchannelLogoutUri: uri }));
    await addClients(op.dataSource, clients);
    const bcl = op.get(BackchannelLogoutService);
    for (const c of clients)
      await bcl.recordIdTokenIssued({ sid: null, sub: 'victim', clientId: c.clientId });

    const { logoutId, deliveries } = await bcl.logoutUser({ sub: 'victim' });
    expect(deliveries).toHaveLength(targets.length);
    const outcome = await bcl.waitForDeliveries(logoutId, 20000);
    expect(outcome.settled).toBe(true);
    for (const d of outcome.deliveries) {
      expect({ clientId: d.clientId, status: d.status, errorCode: d.errorCode }).toEqual({
        clientId: d.clientId,
        status: 'failed',
        errorCode: 'target_address_refused',
      });
    }
    // Settled and final: no attempt is left that could still connect.
    expect(trap.connections).toBe(0);
  });
});

describe.each(databaseCases())('DNS rebinding on %s', (_db, database) => {
  const prefix = uniquePrefix('rebind');
  let trap: LoopbackTrap;
  let op: FixtureOp;
  const calls: string[] = [];
  let answers: string[][] = [];

  // Each call takes the next scripted answer: the attacker's DNS changes its mind between calls.
  const rebinding: HostLookup = async (host) => {
    calls.push(host);
    const next = answers.shift() ?? ['127.0.0.1'];
    return Promise.resolve(next.map((address) => ({ address, family: 4 as const })));
  };

  beforeAll(async () => {
    trap = await new LoopbackTrap().start();
    op = await startFixtureOp({
      database: await database.create(),
      prefix,
      // http is allowed here only so the trap (plain TCP) would see a connection; private networks stay refused.
      module: { delivery: { lookup: rebinding, allowHttp: true, attempts: 1, timeoutMs: 500 } },
    });
  });

  afterAll(async () => {
    await op?.close();
    await trap?.stop();
    await deleteKeysWithPrefix(prefix);
    await database.drop();
  });

  it('public at registration, loopback at delivery: refused at delivery, nothing reaches loopback', async () => {
    const uri = `http://rebind.test:${trap.port}/bcl`;
    calls.length = 0;
    answers = [['93.184.216.34'], ['127.0.0.1']];
    await expect(
      validateBackchannelLogoutUri(uri, { allowHttp: true, lookup: rebinding }),
    ).resolves.toBeNull();

    await addClients(op.dataSource, [{ clientId: 'rebind-1', backchannelLogoutUri: uri }]);
    const bcl = op.get(BackchannelLogoutService);
    await bcl.recordIdTokenIssued({ sid: 'rebind-sid-1', sub: 'u', clientId: 'rebind-1' });
    const { logoutId } = await bcl.logoutSession({ sid: 'rebind-sid-1' });
    const outcome = await bcl.waitForDeliveries(logoutId, 10000);
    expect(outcome.deliveries[0]).toMatchObject({
      status: 'failed',
      errorCode: 'target_address_refused',
    });
    expect(calls).toEqual(['rebind.test', 'rebind.test']);
    expect(trap.connections).toBe(0);
  });

  it('public when checked, loopback afterwards: the connection goes to the checked address, resolved once', async () => {
    calls.length = 0;
    answers = [['93.184.216.34'], ['127.0.0.1'], ['127.0.0.1']];
    const uri = `http://rebind.test:${trap.port}/bcl`;
    await addClients(op.dataSource, [{ clientId: 'rebind-2', backchannelLogoutUri: uri }]);
    const bcl = op.get(BackchannelLogoutService);
    await bcl.recordIdTokenIssued({ sid: 'rebind-sid-2', sub: 'u', clientId: 'rebind-2' });
    const { logoutId } = await bcl.logoutSession({ sid: 'rebind-sid-2' });
    const outcome = await bcl.waitForDeliveries(logoutId, 10000);
    // The checked public address is unreachable from the test machine (or slow): a network failure or a
    // timeout, never a delivery to the loopback address a second lookup would have given.
    expect(outcome.deliveries[0].status).toBe('failed');
    expect(['network_error', 'rp_timeout']).toContain(outcome.deliveries[0].errorCode);
    expect(calls).toEqual(['rebind.test']);
    expect(trap.connections).toBe(0);
  });
});
