import { BackchannelLogoutError } from '../../common/backchannel-logout.error';
import {
  classifyError,
  classifyResponse,
  describeRpBody,
  parseRetryAfter,
  wasUnanswered,
} from './delivery-outcome';

const res = (
  status: number,
  extra: { body?: string; location?: string; retryAfter?: string } = {},
) => ({
  status,
  body: extra.body ?? '',
  location: extra.location,
  retryAfter: extra.retryAfter,
});

describe('classifyResponse (BCL §2.5, §2.8)', () => {
  it.each([200, 204])('%i is success', (status) => {
    expect(classifyResponse(res(status))).toEqual({ kind: 'delivered', httpStatus: status });
  });

  it.each([
    [301, 'final', 'redirect_refused'],
    [302, 'final', 'redirect_refused'],
    [307, 'final', 'redirect_refused'],
    [308, 'final', 'redirect_refused'],
    [400, 'final', 'rp_rejected'],
    [401, 'final', 'rp_rejected'],
    [404, 'final', 'rp_rejected'],
    [408, 'retry', 'rp_busy'],
    [429, 'retry', 'rp_busy'],
    [500, 'retry', 'rp_server_error'],
    [502, 'retry', 'rp_server_error'],
    [503, 'retry', 'rp_server_error'],
    [201, 'final', 'rp_unexpected_status'],
    [202, 'final', 'rp_unexpected_status'],
  ])('%i → %s %s', (status, kind, code) => {
    expect(classifyResponse(res(status))).toMatchObject({ kind, code, httpStatus: status });
  });

  it('names the redirect target and the RP error in the message', () => {
    expect(classifyResponse(res(302, { location: 'https://elsewhere.example/x' })).kind).toBe(
      'final',
    );
    expect(classifyResponse(res(302, { location: 'https://elsewhere.example/x' }))).toMatchObject({
      message:
        'The RP answered with a redirect, which is never followed: HTTP 302 to https://elsewhere.example/x',
    });
    expect(
      classifyResponse(
        res(400, { body: '{"error":"invalid_request","error_description":"bad aud"}' }),
      ),
    ).toMatchObject({
      message: 'The RP rejected the logout token: HTTP 400: invalid_request (bad aud)',
    });
  });

  it('keeps Retry-After for the backoff', () => {
    expect(classifyResponse(res(503, { retryAfter: '7' }))).toMatchObject({
      kind: 'retry',
      retryAfterMs: 7000,
    });
    expect(classifyResponse(res(429, { retryAfter: '2' }))).toMatchObject({
      kind: 'retry',
      retryAfterMs: 2000,
    });
  });
});

describe('classifyResponse: the provider<->receiver contract (issue #8)', () => {
  const json = (error: string, description?: string) =>
    JSON.stringify({ error, ...(description ? { error_description: description } : {}) });

  it.each([400, 403, 409])(
    '%i temporarily_unavailable → retry rp_temporarily_unavailable, honouring Retry-After',
    (status) => {
      expect(
        classifyResponse(
          res(status, {
            body: json('temporarily_unavailable', 'replay store down'),
            retryAfter: '3',
          }),
        ),
      ).toMatchObject({
        kind: 'retry',
        code: 'rp_temporarily_unavailable',
        httpStatus: status,
        retryAfterMs: 3000,
      });
    },
  );

  it.each([
    json('token_replayed'),
    json('invalid_request', 'logout token replayed'),
    json('invalid_request', 'jti already used'),
    json('invalid_request', 'This token was Already-Seen'),
  ])('a replay refusal (%s) → unconfirmed retransmission_refused', (body) => {
    expect(classifyResponse(res(400, { body }))).toMatchObject({
      kind: 'unconfirmed',
      code: 'retransmission_refused',
      httpStatus: 400,
      message: expect.stringMatching(
        /^The RP refused a retransmission of a token whose first attempt went unanswered; the logout most likely happened: HTTP 400: /,
      ),
    });
  });

  it('any 4xx after an unanswered attempt → unconfirmed; the same 4xx otherwise stays rp_rejected', () => {
    const body = json('invalid_request', 'bad signature');
    expect(classifyResponse(res(401, { body }), { previousAttemptUnanswered: true })).toMatchObject(
      { kind: 'unconfirmed', code: 'retransmission_refused' },
    );
    expect(classifyResponse(res(401, { body }))).toMatchObject({
      kind: 'final',
      code: 'rp_rejected',
    });
    expect(classifyResponse(res(400, { body: json('invalid_request', 'bad aud') }))).toMatchObject({
      kind: 'final',
      code: 'rp_rejected',
    });
  });

  it('never turns a 5xx, 408, 429 or a success into unconfirmed', () => {
    const history = { previousAttemptUnanswered: true };
    expect(classifyResponse(res(503), history).kind).toBe('retry');
    expect(classifyResponse(res(429), history).kind).toBe('retry');
    expect(classifyResponse(res(408), history).kind).toBe('retry');
    expect(classifyResponse(res(200), history).kind).toBe('delivered');
  });

  it('an attempt is unanswered after a timeout or a reset, not when the request never left', () => {
    expect(wasUnanswered('rp_timeout', 'The RP did not answer in time')).toBe(true);
    expect(wasUnanswered('network_error', 'ECONNRESET socket hang up')).toBe(true);
    expect(wasUnanswered('network_error', 'ECONNREFUSED connect ECONNREFUSED 127.0.0.1:1')).toBe(
      false,
    );
    expect(wasUnanswered('rp_server_error', 'HTTP 503')).toBe(false);
    expect(wasUnanswered(null, null)).toBe(false);
  });
});

describe('parseRetryAfter', () => {
  it('reads delay-seconds and HTTP dates', () => {
    const now = Date.parse('Wed, 21 Oct 2026 07:28:00 GMT');
    expect(parseRetryAfter('120', now)).toBe(120_000);
    expect(parseRetryAfter('Wed, 21 Oct 2026 07:28:30 GMT', now)).toBe(30_000);
    expect(parseRetryAfter('Wed, 21 Oct 2026 07:27:00 GMT', now)).toBe(0);
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter(undefined, now)).toBeUndefined();
  });
});

describe('describeRpBody', () => {
  it('never keeps anything that looks like a JWT', () => {
    const token = 'eyJhbGciOiJSUzI1NiJ9.eyJpc3MiOiJodHRwczovL29wIn0.c2lnbmF0dXJlLXNpZ25hdHVyZQ';
    expect(describeRpBody(`bad token ${token}`)).toBe('bad token [token]');
    expect(describeRpBody(`{"error":"invalid_request","error_description":"got ${token}"}`)).toBe(
      'invalid_request (got [token])',
    );
  });

  it('caps and cleans the excerpt', () => {
    expect(describeRpBody('x'.repeat(5000))).toHaveLength(300);
    expect(describeRpBody('a\u0000\nb')).toBe('a b');
  });
});

describe('classifyError', () => {
  it.each([
    ['rp_timeout', 'retry'],
    ['network_error', 'retry'],
    ['target_dns_failed', 'retry'],
    ['target_address_refused', 'final'],
    ['target_scheme_refused', 'final'],
  ] as const)('%s → %s', (code, kind) => {
    expect(classifyError(new BackchannelLogoutError(code))).toMatchObject({
      kind,
      code,
      httpStatus: null,
    });
  });
});
