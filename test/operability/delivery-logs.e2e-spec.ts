import { ConsoleLogger } from '@nestjs/common';
import { BackchannelLogoutAuditService, BackchannelLogoutService } from 'nestjs-backchannel-logout';
import { deleteKeysWithPrefix, testRedisOptions, uniquePrefix } from '../support/redis';
import { CapturingRp } from '../provider/support/capturing-rp';
import { claimsOf, tokenOf } from '../provider/support/provider-helpers';
import { OpNode, startOpNode } from '../reliability/support/op-node';
import { seedSession } from '../reliability/support/seed';
import { LOOPBACK_DELIVERY } from '../provider/fixtures/fixture-host.config';

/** Anything shaped like a compact JWS (a Logout Token is one): it must never reach the logs. */
const JWT = /eyJ[\w-]*\.[\w-]+\.[\w-]*/;

describe('structured delivery logs (ConsoleLogger in JSON mode, as the sample apps run it)', () => {
  const prefix = uniquePrefix('logs');
  const output: string[] = [];
  let flaky = 0;
  // Each RP by path: accepts, rejects while echoing the token back, or fails once then accepts.
  const rp = new CapturingRp([
    (req) => {
      if (req.url.startsWith('/echo')) {
        return {
          status: 400,
          body: JSON.stringify({
            error: 'invalid_request',
            error_description: `bad ${tokenOf(req)}`,
          }),
        };
      }
      if (req.url.startsWith('/flaky') && ++flaky === 1) return { status: 503, body: tokenOf(req) };
      return { status: 200 };
    },
  ]);
  let node: OpNode;
  let spies: jest.SpyInstance[] = [];

  beforeAll(async () => {
    await rp.start();
    const capture = (chunk: unknown): boolean => {
      output.push(String(chunk));
      return true;
    };
    spies = [
      jest.spyOn(process.stdout, 'write').mockImplementation(capture),
      jest.spyOn(process.stderr, 'write').mockImplementation(capture),
    ];
    node = await startOpNode(
      {
        database: { type: 'better-sqlite3', database: ':memory:' },
        prefix,
        redis: testRedisOptions(),
        module: {
          delivery: {
            ...LOOPBACK_DELIVERY,
            backoffBaseMs: 50,
            backoffCapMs: 100,
          },
        },
      },
      { logger: new ConsoleLogger({ json: true }) },
    );
  });

  afterAll(async () => {
    await node?.close();
    for (const spy of spies) spy.mockRestore();
    await rp.stop();
    await deleteKeysWithPrefix(prefix);
  });

  it('writes one JSON line per attempt with jti, client and outcome, and no token anywhere', async () => {
    const paths = ['/ok', '/echo', '/flaky'];
    let n = 0;
    await seedSession(node.dataSource, {
      label: 'log',
      count: paths.length,
      sid: 'log-sid',
      sub: 'log-user',
      uriOf: () => rp.url(paths[n++]),
    });
    const bcl = node.app.get(BackchannelLogoutService);
    const { logoutId } = await bcl.logoutSession({ sid: 'log-sid' });
    expect((await bcl.waitForDeliveries(logoutId, 15000)).settled).toBe(true);
    const audit = await node.app.get(BackchannelLogoutAuditService).list({ logoutId });
    expect(audit.items.map((d) => d.status).sort()).toEqual(['delivered', 'delivered', 'failed']);

    // The app's lines (Jest may write its own progress to the same streams when run in band).
    const lines = output
      .join('')
      .split('\n')
      .filter((l) => l.startsWith(`{"level":`) && l.includes(`"pid":${process.pid}`));
    const parsed = lines.map(
      (l) => JSON.parse(l) as { level: string; context?: string; message: unknown },
    );
    const deliveries = parsed.filter(
      (l) => (l.message as { event?: string }).event === 'backchannel_logout.delivery',
    );
    const summary = deliveries.map((l) => {
      const m = l.message as Record<string, unknown>;
      return {
        level: l.level,
        context: l.context,
        outcome: m.outcome,
        clientId: m.clientId,
        code: m.errorCode,
      };
    });
    expect(summary).toEqual(
      expect.arrayContaining([
        {
          level: 'log',
          context: 'BackchannelLogout',
          outcome: 'delivered',
          clientId: 'log-0',
          code: undefined,
        },
        {
          level: 'error',
          context: 'BackchannelLogout',
          outcome: 'failed',
          clientId: 'log-1',
          code: 'rp_rejected',
        },
        {
          level: 'warn',
          context: 'BackchannelLogout',
          outcome: 'retrying',
          clientId: 'log-2',
          code: 'rp_server_error',
        },
        {
          level: 'log',
          context: 'BackchannelLogout',
          outcome: 'delivered',
          clientId: 'log-2',
          code: undefined,
        },
      ]),
    );
    expect(deliveries).toHaveLength(4);

    // The jti of each line is the one the RP received (tokens decoded here, never in the logs).
    const sentJtis = new Set(rp.requests.map((r) => claimsOf(r).jti));
    expect(sentJtis.size).toBe(3);
    for (const l of deliveries) expect(sentJtis.has((l.message as { jti: string }).jti)).toBe(true);
    expect(new Set(audit.items.map((d) => d.jti))).toEqual(sentJtis);

    const all = output.join('');
    expect(all).not.toMatch(JWT);
    for (const r of rp.requests) expect(all).not.toContain(tokenOf(r).split('.')[2]);
  });
});
