import {
  BackchannelLogoutClientValidator,
  validateBackchannelLogoutClientMetadata,
} from 'nestjs-backchannel-logout';
import { HostLookup } from 'nestjs-backchannel-logout/provider';
import request from 'supertest';
import { databaseCases } from '../support/databases';
import { deleteKeysWithPrefix, uniquePrefix } from '../support/redis';
import { FixtureOp, startFixtureOp } from './fixtures/fixture-op.app';

const lookup: HostLookup = (host) => {
  const answers: Record<string, string> = {
    'rp.example.test': '93.184.216.34',
    'internal.test': '10.9.8.7',
  };
  const address = answers[host.toLowerCase()];
  if (!address)
    return Promise.reject(
      Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), { code: 'ENOTFOUND' }),
    );
  return Promise.resolve([{ address, family: 4 }]);
};

const ok = 'ok';
const prefix = 'backchannel_logout_uri';
const privateRefused = `${prefix} points to a private or special-use network address, which is refused`;

/** [body, expected: 'ok' or the validation messages] */
const table: Array<[Record<string, unknown>, string | string[]]> = [
  [{ backchannel_logout_uri: 'https://rp.example.test/bcl' }, ok],
  [{ backchannel_logout_uri: 'https://rp.example.test/bcl?tenant=a&x=1' }, ok],
  [{ backchannel_logout_uri: 'https://rp.example.test:8443/a/b' }, ok],
  [{ backchannel_logout_uri: 'HTTPS://RP.EXAMPLE.TEST/bcl' }, ok],
  [{ backchannel_logout_uri: null, backchannel_logout_session_required: false }, ok],
  [{ backchannel_logout_session_required: true }, ok],
  [{}, ok],
  [
    { backchannel_logout_uri: 'http://rp.example.test/bcl' },
    [`${prefix} must use https: http is not allowed by this OP`],
  ],
  [
    { backchannel_logout_uri: 'https://rp.example.test/bcl#top' },
    [`${prefix} must not contain a fragment (#...)`],
  ],
  [
    { backchannel_logout_uri: '/backchannel-logout' },
    [`${prefix} must be an absolute URI such as https://rp.example.com/backchannel-logout`],
  ],
  [
    { backchannel_logout_uri: 'rp.example.test/bcl' },
    [`${prefix} must be an absolute URI such as https://rp.example.com/backchannel-logout`],
  ],
  [
    { backchannel_logout_uri: 'https://user:secret@rp.example.test/bcl' },
    [`${prefix} must not contain a user name or password`],
  ],
  [
    { backchannel_logout_uri: `https://rp.example.test/${'a'.repeat(2100)}` },
    [`${prefix} must be at most 2048 characters long: it has 2124`],
  ],
  [{ backchannel_logout_uri: 42 }, [`${prefix} must be a string`]],
  [
    { backchannel_logout_uri: 'https://10.0.0.1/bcl' },
    [`${privateRefused}: 10.0.0.1 (private, RFC 1918)`],
  ],
  [{ backchannel_logout_uri: 'https://[::1]/bcl' }, [`${privateRefused}: [::1] (loopback)`]],
  [
    { backchannel_logout_uri: 'https://internal.test/bcl' },
    [`${privateRefused}: internal.test resolves to 10.9.8.7 (private, RFC 1918)`],
  ],
  [
    { backchannel_logout_uri: 'https://nowhere.test/bcl' },
    [`${prefix} host name could not be resolved: nowhere.test (ENOTFOUND)`],
  ],
  [
    {
      backchannel_logout_uri: 'https://rp.example.test/bcl',
      backchannel_logout_session_required: 'true',
    },
    ['backchannel_logout_session_required must be a boolean (true or false)'],
  ],
  [
    { backchannel_logout_session_required: 1 },
    ['backchannel_logout_session_required must be a boolean (true or false)'],
  ],
];

describe.each(databaseCases().slice(0, 1))('registration validation (%s)', (_db, database) => {
  const redisPrefix = uniquePrefix('registration');
  let op: FixtureOp;

  beforeAll(async () => {
    // The module's defaults (https only, no private networks); only the resolver is injected.
    op = await startFixtureOp({
      database: await database.create(),
      prefix: redisPrefix,
      module: { delivery: { lookup } },
    });
  });

  afterAll(async () => {
    await op?.close();
    await deleteKeysWithPrefix(redisPrefix);
    await database.drop();
  });

  it.each(table)('DTO: %j → %j', async (body, expected) => {
    const res = await request(op.app.getHttpServer())
      .post('/clients')
      .send({ client_id: 'rp', ...body });
    if (expected === ok) {
      expect(res.status).toBe(201);
    } else {
      expect(res.status).toBe(400);
      expect(res.body.message).toEqual(expected);
    }
  });

  it.each(table)('plain function and module validator agree: %j', async (body, expected) => {
    const viaFunction = await validateBackchannelLogoutClientMetadata(body, { lookup });
    const viaModule = await op.get(BackchannelLogoutClientValidator).validate(body);
    expect(viaModule).toEqual(viaFunction);
    expect(viaFunction.map((e) => e.message)).toEqual(expected === ok ? [] : expected);
  });

  it('allows http and private networks only when the operator opts in', async () => {
    const body = { backchannel_logout_uri: 'http://internal.test/bcl' };
    expect(await validateBackchannelLogoutClientMetadata(body, { lookup })).toHaveLength(1);
    expect(
      await validateBackchannelLogoutClientMetadata(body, { lookup, allowHttp: true }),
    ).toEqual([expect.objectContaining({ code: 'target_address_refused' })]);
    expect(
      await validateBackchannelLogoutClientMetadata(body, {
        lookup,
        allowHttp: true,
        allowPrivateNetworks: true,
      }),
    ).toEqual([]);
  });
});
