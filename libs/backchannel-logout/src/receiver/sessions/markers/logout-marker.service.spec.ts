import { resolveReceiverConfig } from '../../receiver-config';
import { LogoutMarkerService } from './logout-marker.service';
import { MemoryLogoutMarkerStore } from './memory-logout-marker.store';

describe('LogoutMarkerService', () => {
  const store = new MemoryLogoutMarkerStore();
  const service = new LogoutMarkerService(
    resolveReceiverConfig({
      issuers: [{ issuer: 'https://op', clientId: 'rp' }],
      sessions: { markers: { store, sessionAccessor: () => undefined } },
    }),
  );
  const session = { iss: 'https://op', sub: 'alice', sid: 's1', authTime: 100 };

  it('a sid marker ends that session unless it names another sub', async () => {
    await store.mark({ kind: 'sid', iss: 'https://op', sid: 's1', sub: 'alice', iat: 150 }, 60);
    await expect(service.isLoggedOut(session)).resolves.toBe(true);
    await expect(service.isLoggedOut({ ...session, sub: 'bob' })).resolves.toBe(false);
    await expect(service.isLoggedOut({ ...session, sid: 's2' })).resolves.toBe(false);
  });

  it('a sid marker whose iat (the logout time) is before the session authenticated leaves it alone', async () => {
    await store.mark({ kind: 'sid', iss: 'https://op', sid: 's9', iat: 99 }, 60);
    await expect(service.isLoggedOut({ ...session, sid: 's9' })).resolves.toBe(false);
    await expect(service.isLoggedOut({ ...session, sid: 's9', authTime: 99 })).resolves.toBe(true);
  });

  it('a sub marker ends sessions authenticated at or before its iat only (SET §5.4)', async () => {
    await store.mark({ kind: 'sub', iss: 'https://op', sub: 'carol', iat: 200 }, 60);
    const carol = { iss: 'https://op', sub: 'carol', authTime: 200 };
    await expect(service.isLoggedOut(carol)).resolves.toBe(true);
    await expect(service.isLoggedOut({ ...carol, authTime: 201 })).resolves.toBe(false);
  });

  it('onLogin clears the sid marker but keeps the sub marker', async () => {
    await store.mark({ kind: 'sid', iss: 'https://op', sid: 'd1', iat: 50 }, 60);
    await store.mark({ kind: 'sub', iss: 'https://op', sub: 'dave', iat: 300 }, 60);
    await service.onLogin({ iss: 'https://op', sid: 'd1' });
    await expect(
      service.isLoggedOut({ iss: 'https://op', sid: 'd1', authTime: 400 }),
    ).resolves.toBe(false);
    await expect(
      service.isLoggedOut({ iss: 'https://op', sub: 'dave', authTime: 250 }),
    ).resolves.toBe(true);
  });

  it('refuses to work when another strategy is configured', async () => {
    const other = new LogoutMarkerService(
      resolveReceiverConfig({
        issuers: [{ issuer: 'https://op', clientId: 'rp' }],
        sessions: { terminator: { terminate: () => Promise.resolve({ endedSessionIds: [] }) } },
      }),
    );
    await expect(other.isLoggedOut(session)).rejects.toMatchObject({
      code: 'receiver_invalid_options',
    });
  });
});
