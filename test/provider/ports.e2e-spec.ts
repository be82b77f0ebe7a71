import { getQueueToken } from '@nestjs/bull';
import { Injectable } from '@nestjs/common';
import {
  BackchannelLogoutClient,
  BackchannelLogoutClientStore,
  BackchannelLogoutService,
  BackchannelLogoutSessionRegistry,
  SessionParticipant,
} from 'nestjs-backchannel-logout';
import { databaseCases } from '../support/databases';
import { deleteKeysWithPrefix, uniquePrefix } from '../support/redis';
import { CUSTOM_QUEUE, FixtureOp, startFixtureOp } from './fixtures/fixture-op.app';
import { CapturingRp } from './support/capturing-rp';
import { claimsOf } from './support/provider-helpers';
import { LOOPBACK_DELIVERY } from './fixtures/fixture-host.config';

/** A host whose clients live elsewhere (an API, a file): it implements the client-store port. */
@Injectable()
class HostClientStore implements BackchannelLogoutClientStore {
  readonly clients = new Map<string, BackchannelLogoutClient>();
  findClients(ids: readonly string[]): Promise<BackchannelLogoutClient[]> {
    return Promise.resolve(
      ids.flatMap((id) => (this.clients.has(id) ? [this.clients.get(id)!] : [])),
    );
  }
}

/** A host that already tracks RP sessions: it implements the session-registry port. */
class HostSessionRegistry implements BackchannelLogoutSessionRegistry {
  readonly rows: SessionParticipant[] = [];
  record(p: SessionParticipant): Promise<void> {
    if (!this.rows.some((r) => r.sid === p.sid && r.clientId === p.clientId)) this.rows.push(p);
    return Promise.resolve();
  }
  findBySid(sid: string): Promise<SessionParticipant[]> {
    return Promise.resolve(this.rows.filter((r) => r.sid === sid));
  }
  findBySub(sub: string): Promise<SessionParticipant[]> {
    return Promise.resolve(this.rows.filter((r) => r.sub === sub));
  }
  removeBySid(sid: string): Promise<void> {
    this.rows.splice(0, this.rows.length, ...this.rows.filter((r) => r.sid !== sid));
    return Promise.resolve();
  }
  removeBySub(sub: string): Promise<void> {
    this.rows.splice(0, this.rows.length, ...this.rows.filter((r) => r.sub !== sub));
    return Promise.resolve();
  }
}

describe.each(databaseCases().slice(0, 1))('host-implemented ports (%s)', (_db, database) => {
  const prefix = uniquePrefix('ports');
  const registry = new HostSessionRegistry();
  let op: FixtureOp;
  let rp: CapturingRp;

  beforeAll(async () => {
    rp = await new CapturingRp([{ status: 200 }]).start();
    op = await startFixtureOp({
      database: await database.create(),
      prefix,
      providers: [HostClientStore],
      eventEmitter: false,
      module: {
        clients: { useExisting: HostClientStore },
        sessions: registry,
        delivery: LOOPBACK_DELIVERY,
      },
    });
  });

  afterAll(async () => {
    await op?.close();
    await rp?.stop();
    await deleteKeysWithPrefix(prefix);
    await database.drop();
  });

  it('uses the host store and registry, and works without @nestjs/event-emitter', async () => {
    op.get(HostClientStore).clients.set('ext-1', {
      clientId: 'ext-1',
      backchannelLogoutUri: rp.url('/ext'),
      backchannelLogoutSessionRequired: true,
    });
    const bcl = op.get(BackchannelLogoutService);
    await bcl.recordIdTokenIssued({ sid: 'ext-sid', sub: 'ext-user', clientId: 'ext-1' });
    await bcl.recordIdTokenIssued({ sid: 'ext-sid', sub: 'ext-user', clientId: 'unknown' });
    expect(registry.rows).toHaveLength(2);
    expect(op.app.get(BackchannelLogoutClientStore)).toBe(op.get(HostClientStore));
    expect(op.app.get(BackchannelLogoutSessionRegistry)).toBe(registry);

    const result = await bcl.logoutSession({ sid: 'ext-sid' });
    expect(result.skipped).toEqual([{ clientId: 'unknown', reason: 'client_not_found' }]);
    const outcome = await bcl.waitForDeliveries(result.logoutId, 15000);
    expect(outcome.deliveries).toEqual([
      expect.objectContaining({ clientId: 'ext-1', status: 'delivered' }),
    ]);
    expect(claimsOf(rp.requests[0])).toMatchObject({
      aud: 'ext-1',
      sid: 'ext-sid',
      sub: 'ext-user',
    });
    expect(registry.rows).toHaveLength(0);
  });
});

describe.each(databaseCases().slice(0, 1))('module extras (%s)', (_db, database) => {
  const prefix = uniquePrefix('extras');
  let op: FixtureOp;

  beforeAll(async () => {
    op = await startFixtureOp({
      mode: 'forRootAsync(useClass)',
      database: await database.create(),
      prefix,
    });
  });

  afterAll(async () => {
    await op?.close();
    await deleteKeysWithPrefix(prefix);
    await database.drop();
  });

  it('registers its queue under the configured name', () => {
    const queue = op.app.get<{ name: string }>(getQueueToken(CUSTOM_QUEUE));
    expect(queue.name).toBe(CUSTOM_QUEUE);
  });
});
