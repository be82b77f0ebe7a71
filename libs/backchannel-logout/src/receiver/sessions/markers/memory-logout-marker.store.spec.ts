import { MemoryLogoutMarkerStore } from './memory-logout-marker.store';

describe('MemoryLogoutMarkerStore', () => {
  let now = 0;
  const store = () => new MemoryLogoutMarkerStore(() => now);

  beforeEach(() => {
    now = 0;
  });

  it('finds sid and sub markers of the right issuer', async () => {
    const s = store();
    await s.mark({ kind: 'sid', iss: 'a', sid: 's1', sub: 'u', iat: 10 }, 60);
    await s.mark({ kind: 'sub', iss: 'a', sub: 'u', iat: 20 }, 60);
    await expect(s.find({ iss: 'a', sid: 's1', sub: 'u' })).resolves.toEqual({
      sid: { kind: 'sid', iss: 'a', sid: 's1', sub: 'u', iat: 10 },
      sub: { kind: 'sub', iss: 'a', sub: 'u', iat: 20 },
    });
    await expect(s.find({ iss: 'b', sid: 's1', sub: 'u' })).resolves.toEqual({});
  });

  it('keeps the later iat and forgets markers after their ttl', async () => {
    const s = store();
    await s.mark({ kind: 'sub', iss: 'a', sub: 'u', iat: 20 }, 60);
    await s.mark({ kind: 'sub', iss: 'a', sub: 'u', iat: 10 }, 60);
    expect((await s.find({ iss: 'a', sub: 'u' })).sub?.iat).toBe(20);
    now = 60_000;
    await expect(s.find({ iss: 'a', sub: 'u' })).resolves.toEqual({});
    await s.mark({ kind: 'sub', iss: 'a', sub: 'u', iat: 5 }, 60);
    expect((await s.find({ iss: 'a', sub: 'u' })).sub?.iat).toBe(5);
  });

  it('clearSid removes only the sid marker', async () => {
    const s = store();
    await s.mark({ kind: 'sid', iss: 'a', sid: 'x', iat: 1 }, 60);
    await s.mark({ kind: 'sub', iss: 'a', sub: 'x', iat: 1 }, 60);
    await s.clearSid('a', 'x');
    await expect(s.find({ iss: 'a', sid: 'x', sub: 'x' })).resolves.toEqual({
      sub: { kind: 'sub', iss: 'a', sub: 'x', iat: 1 },
    });
  });
});
