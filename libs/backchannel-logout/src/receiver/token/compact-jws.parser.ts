import { BackchannelLogoutError } from '../../common/backchannel-logout.error';
import { hasDuplicateMemberNames } from './json-duplicates.util';

/** A compact JWS split and decoded, not yet verified. */
export interface ParsedCompactJws {
  readonly header: Readonly<Record<string, unknown>>;
  readonly payload: Readonly<Record<string, unknown>>;
}

const BASE64URL = /^[A-Za-z0-9_-]*$/;
// ignoreBOM keeps a BOM in the text, so JSON.parse rejects it (RFC 8259 §8.1); fatal rejects bad UTF-8 (JWT-BCP §3.7).
const UTF8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/**
 * Parse a compact JWS ourselves before any crypto (BCL §2.6 steps 1–2): exactly three base64url segments whose
 * first two are UTF-8 JSON objects without duplicate member names. Five segments are a JWE, which this receiver
 * does not decrypt. An empty signature is left to the verifier, which refuses `alg: none` by name first.
 */
export function parseCompactJws(token: string): ParsedCompactJws {
  const segments = token.split('.');
  if (segments.length === 5) throw new BackchannelLogoutError('token_encrypted');
  if (segments.length !== 3) throw malformed('expected three segments');
  const [header, payload] = segments;
  if (!header || !payload) throw malformed('empty segment');
  if (!segments.every(isBase64url)) throw malformed('segment is not base64url');
  return {
    header: decodeJsonObject(header, 'header'),
    payload: decodeJsonObject(payload, 'payload'),
  };
}

function isBase64url(segment: string): boolean {
  return BASE64URL.test(segment) && segment.length % 4 !== 1;
}

function decodeJsonObject(segment: string, part: string): Record<string, unknown> {
  let text: string;
  let value: unknown;
  try {
    text = UTF8.decode(Buffer.from(segment, 'base64url'));
    value = JSON.parse(text);
  } catch {
    throw malformed(`${part} is not UTF-8 JSON`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw malformed(`${part} is not a JSON object`);
  }
  if (hasDuplicateMemberNames(text)) throw new BackchannelLogoutError('token_duplicate_claim');
  return value as Record<string, unknown>;
}

function malformed(detail: string): BackchannelLogoutError {
  return BackchannelLogoutError.of('token_malformed', detail);
}
