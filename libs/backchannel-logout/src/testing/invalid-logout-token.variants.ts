import { createPublicKey, randomUUID } from 'node:crypto';
import { BACKCHANNEL_LOGOUT_EVENT } from '../common/backchannel-logout.constants';
import type { TestIssuer } from './test-issuer';
import type { InvalidLogoutTokenVariant, TestLogoutTokenInput } from './test-token.types';

const now = (): number => Math.floor(Date.now() / 1000);

/** Claim overrides of the variants that only change the payload. */
const CLAIM_VARIANTS: Partial<
  Record<InvalidLogoutTokenVariant, (input: TestLogoutTokenInput) => Record<string, unknown>>
> = {
  'wrong-aud': (i) => ({ aud: `${i.clientId}INVALID` }),
  'untrusted-extra-aud': (i) => ({ aud: [i.clientId, 'untrusted-other'] }),
  expired: () => ({ iat: now() - 400, exp: now() - 300 }),
  'no-exp': () => ({ exp: undefined }),
  'future-iat': () => ({ iat: now() + 600, exp: now() + 720 }),
  'old-iat': () => ({ iat: now() - 2 * 86_400, exp: now() + 60 }),
  'no-iat': () => ({ iat: undefined }),
  'no-jti': () => ({ jti: undefined }),
  'with-nonce': () => ({ nonce: 'logout_tokens_must_not_contain_a_nonce' }),
  'no-events': () => ({ events: undefined }),
  'wrong-event': () => ({ events: { 'http://schemas.openid.net/event/foobar': {} } }),
  'event-not-object': () => ({ events: { [BACKCHANNEL_LOGOUT_EVENT]: true } }),
  'no-sub-or-sid': () => ({ sub: undefined, sid: undefined }),
};

/** Builds the token of one `InvalidLogoutTokenVariant`. */
export async function invalidLogoutTokenInput(
  issuer: TestIssuer,
  variant: InvalidLogoutTokenVariant,
  input: TestLogoutTokenInput,
): Promise<string> {
  const claims = CLAIM_VARIANTS[variant];
  if (claims)
    return issuer.logoutToken({ ...input, claims: { ...input.claims, ...claims(input) } });
  switch (variant) {
    case 'wrong-iss':
      return issuer.logoutToken({
        ...input,
        claims: { ...input.claims, iss: `${issuer.issuer}INVALID` },
      });
    case 'wrong-typ':
      return issuer.logoutToken({ ...input, header: { ...input.header, typ: 'at+jwt' } });
    case 'crit-header':
      return issuer.logoutToken({
        ...input,
        header: { ...input.header, crit: ['exp'], exp: now() + 60 },
      });
    case 'unknown-kid':
      // A fresh kid each time, as an attacker (or a flood) would send.
      return issuer.logoutToken({
        ...input,
        key: issuer.attackerKey,
        header: { ...input.header, kid: `unknown-${randomUUID()}` },
      });
    case 'jku-header': {
      // Signed with an attacker key that the header points at; the receiver must never fetch it.
      const attacker = issuer.attackerKey;
      const header = {
        ...input.header,
        jku: 'https://attacker.example/jwks',
        jwk: attacker.publicJwk,
      };
      return issuer.logoutToken({ ...input, key: attacker, header });
    }
    case 'alg-none':
      return withSignature(
        await issuer.logoutToken({ ...input, header: { ...input.header, alg: 'none' } }),
        '',
      );
    case 'bad-signature':
      return tamperPayload(await issuer.logoutToken(input));
    case 'hs256-with-public-key': {
      // JWT-BCP §2.1: the OP's RSA public key used as an HMAC secret.
      const publicPem = createPublicKey(issuer.currentKey.privateKey).export({
        type: 'spki',
        format: 'pem',
      });
      const kid = issuer.currentKey.kid;
      return issuer.logoutToken({
        ...input,
        alg: 'HS256',
        secret: publicPem.toString(),
        header: { ...input.header, kid },
      });
    }
    case 'duplicate-claim':
      return duplicateIss(issuer, input);
    default:
      throw new Error(`unknown invalid logout token variant: ${String(variant)}`);
  }
}

function withSignature(token: string, signature: string): string {
  return `${token.slice(0, token.lastIndexOf('.'))}.${signature}`;
}

function tamperPayload(token: string): string {
  const [header, payload, signature] = token.split('.');
  const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<
    string,
    unknown
  >;
  const tampered = Buffer.from(
    JSON.stringify({ ...claims, sub: `${String(claims.sub)}-tampered` }),
  ).toString('base64url');
  return `${header}.${tampered}.${signature}`;
}

/** RFC 7519 §4: a payload with two `iss` members, the first one trusted; validly signed. */
async function duplicateIss(issuer: TestIssuer, input: TestLogoutTokenInput): Promise<string> {
  const [header, payload] = (await issuer.logoutToken(input)).split('.');
  const text = Buffer.from(payload, 'base64url').toString('utf8');
  const duplicated = `${text.slice(0, -1)},"iss":"https://attacker.example"}`;
  return issuer.sign({
    header: Buffer.from(header, 'base64url').toString('utf8'),
    payload: duplicated,
  });
}
