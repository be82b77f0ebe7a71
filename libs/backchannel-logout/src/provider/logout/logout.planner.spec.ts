import { planLogout } from './logout.planner';

const policy = { allowHttp: false, allowPrivateNetworks: false };
const client = (clientId: string, uri: string | null, sessionRequired = false) => ({
  clientId,
  backchannelLogoutUri: uri,
  backchannelLogoutSessionRequired: sessionRequired,
});

describe('planLogout', () => {
  it('sid logout: one token per client with sub and sid; skips unknown clients and clients without URI', () => {
    const plan = planLogout(
      { sid: 's1' },
      [
        { sid: 's1', sub: 'u', clientId: 'a' },
        { sid: 's1', sub: 'u', clientId: 'b' },
        { sid: 's1', sub: 'u', clientId: 'gone' },
        { sid: 's1', sub: 'u', clientId: 'c' },
      ],
      [
        client('a', 'https://a.example/bcl', true),
        client('b', 'https://b.example/bcl'),
        client('c', null),
      ],
      policy,
    );
    expect(plan.deliveries).toEqual([
      { clientId: 'a', uri: 'https://a.example/bcl', sub: 'u', sid: 's1' },
      { clientId: 'b', uri: 'https://b.example/bcl', sub: 'u', sid: 's1' },
    ]);
    expect(plan.skipped).toEqual([
      { clientId: 'gone', reason: 'client_not_found' },
      { clientId: 'c', reason: 'no_backchannel_logout_uri' },
    ]);
  });

  it('sub logout: one sub-only token, or one token per sid for session-required clients', () => {
    const plan = planLogout(
      { sub: 'u' },
      [
        { sid: 's1', sub: 'u', clientId: 'plain' },
        { sid: 's2', sub: 'u', clientId: 'plain' },
        { sid: 's1', sub: 'u', clientId: 'strict' },
        { sid: 's2', sub: 'u', clientId: 'strict' },
        { sid: 's2', sub: 'u', clientId: 'strict' },
      ],
      [client('plain', 'https://p.example/bcl'), client('strict', 'https://s.example/bcl', true)],
      policy,
    );
    expect(plan.deliveries).toEqual([
      { clientId: 'plain', uri: 'https://p.example/bcl', sub: 'u', sid: null },
      { clientId: 'strict', uri: 'https://s.example/bcl', sub: 'u', sid: 's1' },
      { clientId: 'strict', uri: 'https://s.example/bcl', sub: 'u', sid: 's2' },
    ]);
  });

  it('records a failure when a session-required client has no known sid', () => {
    const plan = planLogout(
      { sub: 'u' },
      [{ sid: null, sub: 'u', clientId: 'strict' }],
      [client('strict', 'https://s.example/bcl', true)],
      policy,
    );
    expect(plan.deliveries).toEqual([
      {
        clientId: 'strict',
        uri: 'https://s.example/bcl',
        sub: 'u',
        sid: null,
        failure: {
          code: 'session_required_no_sid',
          message:
            'The client requires a sid (backchannel_logout_session_required) but none is known for this logout',
        },
      },
    ]);
  });

  it('turns a stored URI that breaks the registration rules into a recorded failure', () => {
    const plan = planLogout(
      { sid: 's1' },
      [
        { sid: 's1', sub: 'u', clientId: 'http' },
        { sid: 's1', sub: 'u', clientId: 'private' },
      ],
      [client('http', 'http://rp.example/bcl'), client('private', 'https://10.0.0.5/bcl')],
      policy,
    );
    expect(plan.deliveries.map((d) => [d.clientId, d.failure?.code])).toEqual([
      ['http', 'target_scheme_refused'],
      ['private', 'target_address_refused'],
    ]);
  });
});
