import { OidcProviderSessionRegistry } from './oidc-provider-session.registry';

describe('OidcProviderSessionRegistry', () => {
  it('hands an announced participant to the logout call once, then forgets it', async () => {
    const registry = new OidcProviderSessionRegistry();
    const p = { sid: 'sid-a', sub: 'alice', clientId: 'rp-1' };
    await registry.record(p);
    await registry.record({ ...p });
    expect(await registry.findBySid('sid-a')).toEqual([p]);
    await registry.removeBySid('sid-a');
    expect(await registry.findBySid('sid-a')).toEqual([]);
  });

  it('by sub returns only sid-less announcements, so another call keeps its own', async () => {
    const registry = new OidcProviderSessionRegistry();
    await registry.record({ sid: 'sid-b', sub: 'bob', clientId: 'rp-1' });
    await registry.record({ sid: null, sub: 'bob', clientId: 'rp-2' });
    expect(await registry.findBySub('bob')).toEqual([{ sid: null, sub: 'bob', clientId: 'rp-2' }]);
    await registry.removeBySub('bob');
    expect(await registry.findBySid('sid-b')).toHaveLength(1);
    expect(await registry.findBySub('bob')).toEqual([]);
  });
});
