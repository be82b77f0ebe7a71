/**
 * POST /register (RFC 7591) on the real provider app: the initial access token is required, input is
 * validated by the same DTO as the admin form (the library's BCL §2.2 DTO included), and a registered client
 * exists afterwards with the metadata it asked for.
 */
import { json } from './support/json';
import {
  REGISTRATION_ACCESS_TOKEN,
  RunningProvider,
  startProvider,
} from './support/provider-harness';

describe('provider: Dynamic Client Registration (POST /register)', () => {
  let op: RunningProvider;
  const register = (body: unknown, token: string | null = REGISTRATION_ACCESS_TOKEN) =>
    fetch(`${op.issuer}/register`, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/json',
        ...(token ? { Authorization: `Bearer ${token}` } : {}),
      },
      body: JSON.stringify(body),
    });
  const valid = {
    client_name: 'Registered RP',
    redirect_uris: ['https://rp.example.com/cb'],
    post_logout_redirect_uris: ['https://rp.example.com/bye'],
    backchannel_logout_uri: 'https://localhost:8443/backchannel-logout?tenant=7',
    backchannel_logout_session_required: true,
  };

  beforeAll(async () => {
    op = await startProvider();
  });
  afterAll(() => op?.close());

  it('registers a client and answers 201 with its credentials and metadata (no-store)', async () => {
    const res = await register({ ...valid, software_id: 'ignored-unknown-member' });
    expect(res.status).toBe(201);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const body = await json(res);
    expect(body).toEqual({
      client_id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      client_secret: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/),
      client_id_issued_at: expect.any(Number),
      client_secret_expires_at: 0,
      ...valid,
    });
    const { ClientService } = await import('../../apps/provider/src/clients/client.service');
    const clients = op.app.get(ClientService);
    const saved = await clients.authenticate(body.client_id, body.client_secret);
    expect(saved?.backchannelLogoutUri).toBe(valid.backchannel_logout_uri);
  });

  it.each([
    ['without a token', null],
    ['with a wrong token', 'not-the-initial-access-token'],
  ])('refuses a registration %s with 401 invalid_token', async (_label, token) => {
    const res = await register(valid, token);
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toBe('Bearer error="invalid_token"');
    expect(await json(res)).toEqual({
      error: 'invalid_token',
      error_description: expect.any(String),
    });
  });

  it.each([
    ['no redirect_uris', { redirect_uris: undefined }, 'invalid_redirect_uri', /redirect_uris/],
    [
      'a redirect URI with a fragment',
      { redirect_uris: ['https://rp.example.com/cb#x'] },
      'invalid_redirect_uri',
      /fragment/,
    ],
    [
      'a backchannel_logout_uri with a fragment',
      { backchannel_logout_uri: 'https://rp.example.com/bcl#f' },
      'invalid_client_metadata',
      /backchannel_logout_uri must not contain a fragment/,
    ],
    [
      'a relative backchannel_logout_uri',
      { backchannel_logout_uri: '/bcl' },
      'invalid_client_metadata',
      /backchannel_logout_uri/,
    ],
    [
      'backchannel_logout_session_required as a string',
      { backchannel_logout_session_required: 'true' },
      'invalid_client_metadata',
      /backchannel_logout_session_required/,
    ],
    [
      'a client_name that is not text',
      { client_name: 42 },
      'invalid_client_metadata',
      /client_name/,
    ],
  ])('refuses %s with 400 and the RFC 7591 error', async (_label, change, error, description) => {
    const res = await register({ ...valid, ...change });
    expect(res.status).toBe(400);
    const body = await json(res);
    expect(body).toEqual({ error, error_description: expect.stringMatching(description) });
  });
});
