import type { VerifiedLogoutToken } from '../../token/verified-logout-token.interface';
import { MemorySessionIndexStore } from './memory-session-index.store';
import { SessionIndexTerminator } from './session-index.terminator';

const ISS = 'https://op';
const token = (claims: Partial<VerifiedLogoutToken>): VerifiedLogoutToken => ({
  iss: ISS,
  clientId: 'rp',
  aud: ['rp'],
  iat: 1_000,
  jti: 'j',
  claims: {},
  header: {},
  ...claims,
});

describe('SessionIndexTerminator', () => {
  let store: MemorySessionIndexStore;
  let destroyed: string[];
  let failing: Set<string>;
  let terminator: SessionIndexTerminator;

  beforeEach(async () => {
    store = new MemorySessionIndexStore();
    destroyed = [];
    failing = new Set();
    terminator = new SessionIndexTerminator(store, {
      destroy: (id) =>
        failing.has(id)
          ? Promise.reject(new Error(`boom ${id}`))
          : (destroyed.push(id), Promise.resolve()),
    });
    await store.link({ iss: ISS, sub: 'alice', sid: 's1', sessionId: 'a1', authTime: 900 });
    await store.link({ iss: ISS, sub: 'alice', sid: 's2', sessionId: 'a2', authTime: 1_100 });
    await store.link({ iss: ISS, sub: 'alice', sessionId: 'a3' });
    await store.link({ iss: 'https://other-op', sub: 'alice', sessionId: 'x1' });
  });

  it('sid: only that session, unlinked afterwards', async () => {
    await expect(terminator.terminate(token({ sid: 's2', iat: 1_200 }))).resolves.toEqual({
      endedSessionIds: ['a2'],
    });
    expect(destroyed).toEqual(['a2']);
    await expect(store.find({ iss: ISS, sid: 's2' })).resolves.toEqual([]);
  });

  it('hands each session the link it found to unlink, so a store need not read it again', async () => {
    const unlink = jest.spyOn(store, 'unlink');
    await terminator.terminate(token({ sid: 's1' }));
    expect(unlink.mock.calls).toEqual([
      ['a1', { iss: ISS, sub: 'alice', sid: 's1', sessionId: 'a1', authTime: 900 }],
    ]);
  });

  it('sub only: the sessions of that issuer, except those authenticated after the token iat', async () => {
    const { endedSessionIds } = await terminator.terminate(token({ sub: 'alice' }));
    expect([...endedSessionIds].sort()).toEqual(['a1', 'a3']);
    expect(destroyed.sort()).toEqual(['a1', 'a3']);
  });

  it('sid: a session authenticated after the token iat (the logout time) is not ended', async () => {
    await store.link({ iss: ISS, sub: 'alice', sid: 's4', sessionId: 'a4', authTime: 1_001 });
    await expect(terminator.terminate(token({ sid: 's4' }))).resolves.toEqual({
      endedSessionIds: [],
    });
    expect(destroyed).toEqual([]);
  });

  it('sid with a different sub: refused before anything is destroyed (BCL-R-33)', async () => {
    await expect(terminator.terminate(token({ sid: 's1', sub: 'mallory' }))).rejects.toMatchObject({
      code: 'session_sub_mismatch',
    });
    expect(destroyed).toEqual([]);
  });

  it('a failing destroy: the others still end, the call rejects, the failed one stays linked', async () => {
    failing.add('a3');
    await expect(terminator.terminate(token({ sub: 'alice' }))).rejects.toMatchObject({
      code: 'session_termination_failed',
      message: expect.stringContaining('1 of 2 sessions could not be ended'),
    });
    expect(destroyed).toEqual(['a1']);
    await expect(store.find({ iss: ISS, sub: 'alice' })).resolves.toEqual([
      expect.objectContaining({ sessionId: 'a2' }),
      expect.objectContaining({ sessionId: 'a3' }),
    ]);
  });

  it('nothing linked: success with no session', async () => {
    await expect(terminator.terminate(token({ sub: 'nobody' }))).resolves.toEqual({
      endedSessionIds: [],
    });
  });
});
