import { BackchannelLogoutError } from '../../common/backchannel-logout.error';
import { LOGOUT_TOKEN_PARAM } from '../../common/backchannel-logout.constants';
import { viewLogoutRequest, type LogoutRequestView } from './logout-request.view';

const FORM = 'application/x-www-form-urlencoded';

/**
 * Extracts the one `logout_token` of a back-channel logout request (BCL §2.5), on Express or Fastify (the
 * request the controller got, see {@link viewLogoutRequest}), whoever parsed the body:
 * - the host's `rawBody` (Nest `rawBody: true`) or an unread stream (Express with `bodyParser: false`) is parsed
 *   here with URLSearchParams, reading at most `maxBodyBytes`;
 * - a body the host already parsed (Nest's default form parser on either adapter) is read as an object, where
 *   `logout_token=a&logout_token=b` became an array and `logout_token[x]=y` an object (Express) or a key of its
 *   own (Fastify): all are refused.
 */
export async function readLogoutToken(request: unknown, maxBodyBytes: number): Promise<string> {
  const req = viewLogoutRequest(request);
  // BCL §2.5 defines only POST; the others get 405 with `Allow: POST` (BCL-R-01).
  if (req.method !== 'POST') throw new BackchannelLogoutError('request_method_not_allowed');
  if (mediaType(req.headers['content-type']) !== FORM)
    throw new BackchannelLogoutError('request_content_type');
  // A URL without a query needs no parsing (the common case: one less URL object per request).
  if (
    req.url.includes('?') &&
    new URL(req.url, 'http://localhost').searchParams.has(LOGOUT_TOKEN_PARAM)
  ) {
    throw new BackchannelLogoutError('request_token_in_query');
  }
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > maxBodyBytes)
    throw new BackchannelLogoutError('request_body_too_large');
  const raw = rawBodyText(req);
  if (raw !== undefined) return fromForm(raw, maxBodyBytes);
  if (typeof req.body === 'object' && req.body !== null)
    return fromParsed(req.body as Record<string, unknown>, maxBodyBytes);
  return fromForm(await readStream(req, maxBodyBytes), maxBodyBytes);
}

function mediaType(header: string | undefined): string {
  return (header ?? '').split(';')[0].trim().toLowerCase();
}

function rawBodyText(req: LogoutRequestView): string | undefined {
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

function fromParsed(body: Record<string, unknown>, maxBodyBytes: number): string {
  // A chunked body has no Content-Length to check: its decoded text is never longer than what was sent.
  if (decodedBytes(body) > maxBodyBytes) throw new BackchannelLogoutError('request_body_too_large');
  if (!Object.prototype.hasOwnProperty.call(body, LOGOUT_TOKEN_PARAM)) {
    // Fastify's parser keeps `logout_token[x]` as a key; Express's extended parser makes it an object.
    if (Object.keys(body).some((key) => key.startsWith(`${LOGOUT_TOKEN_PARAM}[`)))
      throw new BackchannelLogoutError('request_token_invalid');
    throw new BackchannelLogoutError('request_missing_token');
  }
  const value = body[LOGOUT_TOKEN_PARAM];
  if (Array.isArray(value)) throw new BackchannelLogoutError('request_duplicate_token');
  if (typeof value !== 'string') throw new BackchannelLogoutError('request_token_invalid');
  if (!value) throw new BackchannelLogoutError('request_missing_token');
  return value;
}

function decodedBytes(value: unknown): number {
  if (typeof value === 'string') return Buffer.byteLength(value, 'utf8');
  if (typeof value !== 'object' || value === null) return 0;
  return Object.entries(value).reduce(
    (sum, [key, item]) => sum + Buffer.byteLength(key, 'utf8') + decodedBytes(item),
    0,
  );
}

async function readStream(req: LogoutRequestView, maxBodyBytes: number): Promise<string> {
  const stream = req.stream;
  if (stream.readableEnded || !stream.readable) return '';
  const encoding = (req.headers['content-encoding'] ?? 'identity').toLowerCase();
  if (encoding !== 'identity') throw new BackchannelLogoutError('request_content_encoding');
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of stream) {
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
