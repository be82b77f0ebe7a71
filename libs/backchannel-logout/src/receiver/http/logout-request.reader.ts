import type { IncomingMessage } from 'node:http';
import { BackchannelLogoutError } from '../../common/backchannel-logout.error';
import { LOGOUT_TOKEN_PARAM } from '../../common/backchannel-logout.constants';

/** A Node request as Express leaves it: maybe parsed already by the host's body parser. */
export type LogoutHttpRequest = IncomingMessage & {
  body?: unknown;
  rawBody?: unknown;
  originalUrl?: string;
};

const FORM = 'application/x-www-form-urlencoded';

/**
 * Extracts the one `logout_token` of a back-channel logout request (BCL §2.5), whoever parsed the body:
 * - the host's `rawBody` (Nest `rawBody: true`) or an unread stream (`bodyParser: false`) is parsed here with
 *   URLSearchParams, reading at most `maxBodyBytes`;
 * - a body the host already parsed (Nest's default `urlencoded({ extended: true })`) is read as an object, where
 *   `logout_token=a&logout_token=b` became an array and `logout_token[x]=y` an object: both are refused.
 */
export async function readLogoutToken(
  req: LogoutHttpRequest,
  maxBodyBytes: number,
): Promise<string> {
  if (mediaType(req.headers['content-type']) !== FORM)
    throw new BackchannelLogoutError('request_content_type');
  if (
    new URL(req.originalUrl ?? req.url ?? '/', 'http://localhost').searchParams.has(
      LOGOUT_TOKEN_PARAM,
    )
  ) {
    throw new BackchannelLogoutError('request_token_in_query');
  }
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > maxBodyBytes)
    throw new BackchannelLogoutError('request_body_too_large');
  const raw = rawBodyText(req);
  if (raw !== undefined) return fromForm(raw, maxBodyBytes);
  if (typeof req.body === 'object' && req.body !== null)
    return fromParsed(req.body as Record<string, unknown>);
  return fromForm(await readStream(req, maxBodyBytes), maxBodyBytes);
}

function mediaType(header: string | undefined): string {
  return (header ?? '').split(';')[0].trim().toLowerCase();
}

function rawBodyText(req: LogoutHttpRequest): string | undefined {
  if (Buffer.isBuffer(req.rawBody)) return req.rawBody.toString('utf8');
  if (Buffer.isBuffer(req.body)) return req.body.toString('utf8');
  if (typeof req.body === 'string') return req.body;
  return undefined;
}

function fromForm(body: string, maxBodyBytes: number): string {
  if (Buffer.byteLength(body, 'utf8') > maxBodyBytes)
    throw new BackchannelLogoutError('request_body_too_large');
  const values = new URLSearchParams(body).getAll(LOGOUT_TOKEN_PARAM);
  if (values.length > 1) throw new BackchannelLogoutError('request_duplicate_token');
  if (!values[0]) throw new BackchannelLogoutError('request_missing_token');
  return values[0];
}

function fromParsed(body: Record<string, unknown>): string {
  if (!Object.prototype.hasOwnProperty.call(body, LOGOUT_TOKEN_PARAM)) {
    throw new BackchannelLogoutError('request_missing_token');
  }
  const value = body[LOGOUT_TOKEN_PARAM];
  if (Array.isArray(value)) throw new BackchannelLogoutError('request_duplicate_token');
  if (typeof value !== 'string') throw new BackchannelLogoutError('request_token_invalid');
  if (!value) throw new BackchannelLogoutError('request_missing_token');
  return value;
}

async function readStream(req: LogoutHttpRequest, maxBodyBytes: number): Promise<string> {
  if (req.readableEnded || !req.readable) return '';
  const encoding = (req.headers['content-encoding'] ?? 'identity').toLowerCase();
  if (encoding !== 'identity') throw new BackchannelLogoutError('request_content_encoding');
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of req) {
      const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as string);
      size += buffer.byteLength;
      if (size > maxBodyBytes) throw new BackchannelLogoutError('request_body_too_large');
      chunks.push(buffer);
    }
  } catch (err) {
    if (err instanceof BackchannelLogoutError) throw err;
    throw BackchannelLogoutError.of('request_body_unreadable', undefined, err);
  }
  return Buffer.concat(chunks).toString('utf8');
}
