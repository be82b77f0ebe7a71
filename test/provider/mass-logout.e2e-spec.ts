import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MassLogoutService } from 'nestjs-backchannel-logout';
import { MassLogoutProgress } from 'nestjs-backchannel-logout/provider';
import { LogoutDeliveryEntity } from '../../libs/backchannel-logout/src/provider/delivery/logout-delivery.entity';
import { MassLogoutJobEntity } from '../../libs/backchannel-logout/src/provider/mass-logout/mass-logout-job.entity';
import { SessionActivityEntity } from '../../libs/backchannel-logout/src/provider/sessions/session-activity.entity';
import { SessionParticipantEntity } from '../../libs/backchannel-logout/src/provider/sessions/session-participant.entity';
import { In, IsNull, Not } from 'typeorm';
import { CountingRp } from '../reliability/support/counting-rp';
import { databaseCases, TestDatabaseOptions } from '../support/databases';
import { deleteKeysWithPrefix, uniquePrefix } from '../support/redis';
import { until } from '../support/wait';
import { LOOPBACK_DELIVERY } from './fixtures/fixture-host.config';
import { addClients, FixtureOp, shareable, startFixtureOp } from './fixtures/fixture-op.app';
import { SeedSession, seedSessions } from './support/mass-logout-seed';

const SESSIONS = 2000;
const BATCH = 100;
const CLIENTS = ['ml-a', 'ml-b', 'ml-c'] as const;

/** What an RP received, as `sid` or `sub:<sub>` keys (one per token). */
function keysOf(rp: CountingRp, from = 0): string[] {
  // Distinct tokens: a retry of the same token (same jti) is at-least-once delivery, not a second logout.
  const tokens = new Map(rp.receipts.slice(from).map((r) => [r.jti, r]));
  return [...tokens.values()].map((r) => r.sid ?? `sub:${r.sub}`).sort();
}

describe.each(databaseCases())('mass logout on %s', (_db, database) => {
  const dir = mkdtempSync(join(tmpdir(), 'bcl-mass-'));
  const prefix = uniquePrefix('mass-logout');
  const rps = new Map<string, CountingRp>();
  let options: TestDatabaseOptions;
  let op: FixtureOp;
  let service: MassLogoutService;

  const start = async () => {
    op = await startFixtureOp({
      database: options,
      prefix,
      module: { delivery: { ...LOOPBACK_DELIVERY, concurrency: 20 } },
    });
    service = op.get(MassLogoutService);
  };
  const finished = async (id: string, timeoutMs = 90_000): Promise<MassLogoutProgress> => {
    let progress: MassLogoutProgress | null = null;
    await until(
      async () => (progress = await service.get(id))?.status !== 'running',
      timeoutMs,
      100,
    );
    return progress!;
  };
  const allDelivered = (reason: string) =>
    until(
      async () =>
        (await op.dataSource.getRepository(LogoutDeliveryEntity).countBy({
          reason,
          status: Not('delivered'),
        })) === 0,
      120_000,
      200,
    );
  const duplicateRows = (reason: string): Promise<unknown[]> =>
    op.dataSource
      .getRepository(LogoutDeliveryEntity)
      .createQueryBuilder('d')
      .select(['d.client_id', 'd.sub', 'd.sid'])
      .where('d.reason = :reason', { reason })
      .groupBy('d.client_id, d.sub, d.sid')
      .having('COUNT(*) > 1')
      .getRawMany();

  beforeAll(async () => {
    for (const id of CLIENTS) rps.set(id, await new CountingRp().start());
    options = shareable(await database.create(), dir);
    await start();
    await addClients(
      op.dataSource,
      CLIENTS.map((clientId) => ({
        clientId,
        backchannelLogoutUri: rps.get(clientId)!.url('/bcl'),
        backchannelLogoutSessionRequired: clientId === 'ml-b',
      })),
    );
    const sessions: SeedSession[] = [];
    for (let i = 0; i < SESSIONS; i++) {
      const clientIds = [
        'ml-a',
        ...(i % 2 === 0 ? ['ml-b'] : []),
        ...(i % 3 === 0 ? ['ml-c'] : []),
      ];
      sessions.push({ sid: `sid-${i}`, sub: `user-${i}`, clientIds });
    }
    sessions.push({ sid: null, sub: 'user-sidless', clientIds: ['ml-a', 'ml-c'] });
    await seedSessions(op.dataSource, sessions);
    // Sessions no RP took part in: a mass logout of everything ends them too.
    await seedSessions(
      op.dataSource,
      Array.from({ length: 10 }, (_, k) => ({
        sid: `lonely-${k}`,
        sub: `lonely-${k}`,
        clientIds: [],
      })),
    );
  }, 60_000);

  afterAll(async () => {
    await op?.close();
    for (const rp of rps.values()) await rp.stop();
    await deleteKeysWithPrefix(prefix);
    await database.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('ends every session one client took part in: each participant of each session gets one token', async () => {
    const run = await service.start({ scope: 'client', clientId: 'ml-c', batchSize: BATCH });
    expect(run).toMatchObject({ status: 'running', scope: 'client', clientId: 'ml-c', batches: 0 });
    const done = await finished(run.id);
    const ended = Array.from({ length: SESSIONS }, (_, i) => i).filter((i) => i % 3 === 0);
    expect(done).toMatchObject({
      status: 'done',
      batches: Math.ceil((ended.length + 1) / BATCH),
      sessionsSeen: ended.length + 1,
      sessionsEnded: ended.length + 1,
      deliveriesEnqueued: ended.length * 2 + ended.filter((i) => i % 2 === 0).length + 1,
      active: false,
    });
    expect(done.deliveriesPerSecond).toBeGreaterThan(0);
    await allDelivered('mass_logout_client');

    expect(keysOf(rps.get('ml-c')!)).toEqual(
      [...ended.map((i) => `sid-${i}`), 'sub:user-sidless'].sort(),
    );
    expect(keysOf(rps.get('ml-a')!)).toEqual(ended.map((i) => `sid-${i}`).sort());
    expect(keysOf(rps.get('ml-b')!)).toEqual(
      ended
        .filter((i) => i % 2 === 0)
        .map((i) => `sid-${i}`)
        .sort(),
    );
    // The ended sessions are gone from the registry and ended in bcl_session; the others untouched.
    const participants = op.dataSource.getRepository(SessionParticipantEntity);
    expect(await participants.countBy({ clientId: 'ml-c' })).toBe(0);
    expect(await participants.countBy({ sid: In(['sid-0', 'sid-3']) })).toBe(0);
    expect(await participants.countBy({ sid: 'sid-1' })).toBe(1);
    const lifetimes = op.dataSource.getRepository(SessionActivityEntity);
    expect(await lifetimes.findOneBy({ sid: 'sid-3' })).toMatchObject({
      endReason: 'mass_logout_client',
    });
    expect(await lifetimes.findOneBy({ sid: 'sid-1' })).toMatchObject({ endedAt: null });
  }, 180_000);

  it('ends every session of every user, batch by batch, with the counts and no duplicate', async () => {
    const from = new Map([...rps].map(([id, rp]) => [id, rp.receipts.length]));
    const run = await service.start({ scope: 'all', batchSize: BATCH });
    const done = await finished(run.id);
    const left = Array.from({ length: SESSIONS }, (_, i) => i).filter((i) => i % 3 !== 0);
    const users = left.length + 1; // and user-sidless (ml-a's RP session)
    expect(done).toMatchObject({
      status: 'done',
      batches: Math.ceil(users / BATCH) + 1,
      sessionsSeen: users + 10,
      sessionsEnded: users + 10,
      deliveriesEnqueued: users + left.filter((i) => i % 2 === 0).length,
    });
    await allDelivered('mass_logout_all');
    // ml-a: one sub-only token per user (a user logout); ml-b registered session_required: one per sid.
    expect(keysOf(rps.get('ml-a')!, from.get('ml-a'))).toEqual(
      [...left.map((i) => `sub:user-${i}`), 'sub:user-sidless'].sort(),
    );
    expect(keysOf(rps.get('ml-b')!, from.get('ml-b'))).toEqual(
      left
        .filter((i) => i % 2 === 0)
        .map((i) => `sid-${i}`)
        .sort(),
    );
    expect(rps.get('ml-c')!.receipts.length).toBe(from.get('ml-c'));
    expect(await op.dataSource.getRepository(SessionParticipantEntity).count()).toBe(0);
    expect(
      await op.dataSource.getRepository(SessionActivityEntity).countBy({ endedAt: IsNull() }),
    ).toBe(0);
    expect(await duplicateRows('mass_logout_all')).toEqual([]);
  }, 180_000);

  it('a run stopped after a few batches resumes from its cursor in the next process: nobody forgotten, nothing twice', async () => {
    const users = Array.from({ length: 1000 }, (_, i) => `resume-${String(i).padStart(4, '0')}`);
    await seedSessions(
      op.dataSource,
      users.map((sub) => ({ sid: `s-${sub}`, sub, clientIds: ['ml-a', 'ml-c'] })),
    );
    const from = rps.get('ml-c')!.receipts.length;
    const run = await service.start({ scope: 'all', reason: 'resume_test', batchSize: 50 });
    await until(async () => ((await service.get(run.id))?.batches ?? 0) >= 3, 60_000, 20);
    await op.close();
    expect(op.dataSource.isInitialized).toBe(false);

    await start(); // a new process: resumes the run at start-up
    const interrupted = (await service.get(run.id))!;
    expect(interrupted.batches).toBeGreaterThanOrEqual(3);
    expect(interrupted.batches).toBeLessThan(users.length / 50);
    const done = await finished(run.id);
    expect(done).toMatchObject({
      status: 'done',
      batches: users.length / 50,
      sessionsEnded: users.length,
      deliveriesEnqueued: users.length * 2,
    });
    await allDelivered('resume_test');
    expect(keysOf(rps.get('ml-c')!, from)).toEqual(users.map((u) => `sub:${u}`));
    expect(await duplicateRows('resume_test')).toEqual([]);
    expect(
      await op.dataSource.getRepository(LogoutDeliveryEntity).countBy({ reason: 'resume_test' }),
    ).toBe(users.length * 2);
  }, 240_000);

  it('a crash between storing a batch and saving its cursor repeats the batch without a second delivery row', async () => {
    const users = Array.from({ length: 200 }, (_, i) => `crash-${String(i).padStart(3, '0')}`);
    await seedSessions(
      op.dataSource,
      users.map((sub) => ({ sid: null, sub, clientIds: ['ml-a'] })),
    );
    const run = await service.start({ scope: 'all', reason: 'crash_test', batchSize: BATCH });
    await finished(run.id);
    // As if the process died after batch 2's outbox commit: registry rows still there, cursor after batch 1.
    await seedSessions(
      op.dataSource,
      users.slice(100, 200).map((sub) => ({ sid: null, sub, clientIds: ['ml-a'] })),
    );
    // ...and a user logged in meanwhile, inside batch 2's range: that one must be notified on the repeat.
    await seedSessions(op.dataSource, [{ sid: null, sub: 'crash-150b', clientIds: ['ml-a'] }]);
    await op.dataSource.getRepository(MassLogoutJobEntity).update(run.id, {
      status: 'running',
      finishedAt: null,
      phase: 'participants',
      cursor: users[99],
      batches: 1,
      sessionsSeen: 100,
      sessionsEnded: 100,
      deliveriesEnqueued: 100,
      owner: 'crashed-runner',
      leaseUntil: new Date(Date.now() - 1000),
    });
    expect(await service.runNow(run.id)).toBe('done');
    expect(await service.get(run.id)).toMatchObject({
      status: 'done',
      // Batch 2 again (100 of the 101 users now in its range), then the one left over.
      batches: 3,
      sessionsEnded: 201,
      deliveriesEnqueued: 201,
    });
    expect(await duplicateRows('crash_test')).toEqual([]);
    const rows = await op.dataSource
      .getRepository(LogoutDeliveryEntity)
      .findBy({ reason: 'crash_test' });
    expect(rows).toHaveLength(201);
    expect(rows.filter((r) => r.sub === 'crash-150b')).toHaveLength(1);
    expect(await op.dataSource.getRepository(SessionParticipantEntity).count()).toBe(0);
  }, 120_000);

  it('one runner at a time: a run held by a live lease is busy elsewhere; bad input is refused', async () => {
    await seedSessions(op.dataSource, [{ sid: 'held-1', sub: 'held', clientIds: ['ml-a'] }]);
    const jobs = op.dataSource.getRepository(MassLogoutJobEntity);
    const run = await service.start({ scope: 'client', clientId: 'nobody', batchSize: 10 });
    await finished(run.id);
    await jobs.update(run.id, {
      status: 'running',
      owner: 'other-process',
      leaseUntil: new Date(Date.now() + 60_000),
    });
    expect(await service.runNow(run.id)).toBe('busy');
    await expect(service.start({ scope: 'client', clientId: '' })).rejects.toMatchObject({
      code: 'invalid_options',
    });
    await expect(service.start({ scope: 'all', batchSize: 0 })).rejects.toMatchObject({
      code: 'invalid_options',
    });
  });
});
