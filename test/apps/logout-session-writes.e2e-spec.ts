import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { LogoutService } from '../../apps/provider/src/sessions/logout.service';
import { OpSessionService } from '../../apps/provider/src/sessions/op-session.service';
import { RefreshToken } from '../../apps/provider/src/tokens/refresh-token.entity';
import { databaseCases } from '../support/databases';
import { RunningProvider, startProvider } from './support/provider-harness';

/** A database-side failure of the refresh-token revoke (a real error from the database, not a mock). */
const FAIL_REVOKE: Record<'sqlite' | 'postgres', { on: string[]; off: string[] }> = {
  sqlite: {
    on: [
      `CREATE TRIGGER fail_revoke BEFORE UPDATE ON oidc_refresh_token
       BEGIN SELECT RAISE(ABORT, 'refresh token store refused'); END`,
    ],
    off: ['DROP TRIGGER fail_revoke'],
  },
  postgres: {
    on: [
      `CREATE FUNCTION fail_revoke() RETURNS trigger AS $$
       BEGIN RAISE EXCEPTION 'refresh token store refused'; END $$ LANGUAGE plpgsql`,
      `CREATE TRIGGER fail_revoke BEFORE UPDATE ON oidc_refresh_token
       FOR EACH ROW EXECUTE FUNCTION fail_revoke()`,
    ],
    off: ['DROP TRIGGER fail_revoke ON oidc_refresh_token', 'DROP FUNCTION fail_revoke()'],
  },
};

/** The sample OP ends a session (OP session closed, BCL §2.7 refresh tokens revoked) in one commit. */
describe.each(databaseCases())('session end writes on %s', (_db, database) => {
  let op: RunningProvider;
  let dataSource: DataSource;

  beforeAll(async () => {
    op = await startProvider({ database: await database.create() });
    dataSource = op.app.get(DataSource);
  });
  afterAll(async () => {
    await op?.close();
    await database.drop();
  });

  async function sessionWithRefreshToken(): Promise<{ sid: string; tokenHash: string }> {
    const { session } = await op.app.get(OpSessionService).create('alice');
    const tokenHash = randomBytes(32).toString('hex');
    await dataSource.getRepository(RefreshToken).insert({
      tokenHash,
      clientId: 'some-rp',
      userId: 'alice',
      sid: session.sid,
      scope: 'openid',
      offlineAccess: false,
      authTime: new Date(),
      expiresAt: new Date(Date.now() + 3_600_000),
      revokedAt: null,
      familyId: null,
      rotatedAt: null,
    });
    return { sid: session.sid, tokenHash };
  }

  const revokedAt = async (tokenHash: string) =>
    (await dataSource.getRepository(RefreshToken).findOneByOrFail({ tokenHash })).revokedAt;

  it('a failed refresh-token revoke rolls back the session end: nothing half done, a retry ends both', async () => {
    const { sid, tokenHash } = await sessionWithRefreshToken();
    for (const sql of FAIL_REVOKE[database.name].on) await dataSource.query(sql);
    try {
      await expect(op.app.get(LogoutService).endSession(sid, { reason: 'logout' })).rejects.toThrow(
        /refresh token store refused/,
      );
    } finally {
      for (const sql of FAIL_REVOKE[database.name].off) await dataSource.query(sql);
    }
    expect(await op.app.get(OpSessionService).isActive(sid)).toBe(true);
    expect(await revokedAt(tokenHash)).toBeNull();

    const outcome = await op.app.get(LogoutService).endSession(sid, { reason: 'logout' });
    expect(outcome).toEqual(expect.objectContaining({ ended: true }));
    expect(await op.app.get(OpSessionService).isActive(sid)).toBe(false);
    expect(await revokedAt(tokenHash)).toBeInstanceOf(Date);
  });

  it('concurrent session ends take turns with the library on one connection: all of them commit', async () => {
    const sessions = await Promise.all(Array.from({ length: 10 }, () => sessionWithRefreshToken()));
    const outcomes = await Promise.all(
      sessions.map(({ sid }) => op.app.get(LogoutService).endSession(sid, { reason: 'logout' })),
    );
    expect(outcomes.every((o) => o.ended)).toBe(true);
    for (const { sid, tokenHash } of sessions) {
      expect(await op.app.get(OpSessionService).isActive(sid)).toBe(false);
      expect(await revokedAt(tokenHash)).toBeInstanceOf(Date);
    }
  });
});
