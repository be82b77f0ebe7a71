import * as http from 'node:http';
import * as https from 'node:https';
import type { Socket } from 'node:net';
import { LOGOUT_TOKEN_PARAM } from '../../common/backchannel-logout.constants';
import { BackchannelLogoutError } from '../../common/backchannel-logout.error';
import { classifyAddress } from '../../common/network/address-policy.util';
import { CheckedTarget } from '../../common/network/target-resolver.util';
import { PinnedAgentPool, pinnedLookup } from './pinned-agent.pool';

/** What came back from one POST. */
export interface RpResponse {
  readonly status: number;
  readonly location: string | undefined;
  readonly retryAfter: string | undefined;
  /** The first `maxResponseBytes` of the body, for the audit (never parsed for behaviour, BCL §2.8). */
  readonly body: string;
}

export interface SendOptions {
  readonly timeoutMs: number;
  readonly maxResponseBytes: number;
  readonly userAgent: string;
  readonly allowPrivateNetworks: boolean;
  /** Keep-alive connections to reuse; without it every request opens (and closes) its own. */
  readonly agents?: PinnedAgentPool;
  /** Aborting it ends the request at once (`network_error`): the app is shutting down. */
  readonly signal?: AbortSignal;
}

/**
 * POST `logout_token=<token>` to the exact registered URI (query kept, BCL §2.2/§2.5), connecting only to
 * the checked address. Redirects are never followed (node:http does not follow them). One timer covers
 * connect, TLS, the response head and the capped body read. Throws `rp_timeout`, `network_error` or
 * `target_address_refused`.
 */
export async function sendLogoutRequest(
  target: CheckedTarget,
  token: string,
  options: SendOptions,
): Promise<RpResponse> {
  try {
    return await sendOnce(target, token, options);
  } catch (err) {
    // A pooled connection the RP closed while idle fails before any answer: send once more on a new one.
    if (!staleConnectionErrors.has(err as Error)) throw err;
    return sendOnce(target, token, { ...options, agents: undefined });
  }
}

/** Failures of a reused keep-alive socket before the RP answered (it had closed it meanwhile). */
const staleConnectionErrors = new WeakSet<Error>();

function sendOnce(target: CheckedTarget, token: string, options: SendOptions): Promise<RpResponse> {
  const body = `${LOGOUT_TOKEN_PARAM}=${encodeURIComponent(token)}`;
  const transport = target.url.protocol === 'https:' ? https : http;
  return new Promise<RpResponse>((resolve, reject) => {
    let settled = false;
    const finish = (err: Error | null, response?: RpResponse): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', onAbort);
      if (err) reject(err);
      else resolve(response!);
    };
    const req = transport.request(target.url, {
      method: 'POST',
      agent: options.agents ? options.agents.agentFor(target) : false,
      lookup: pinnedLookup(target),
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        'content-length': Buffer.byteLength(body),
        'user-agent': options.userAgent,
        accept: 'application/json',
      },
    });
    const abort = (err: BackchannelLogoutError): void => {
      finish(err);
      req.destroy(err);
    };
    const timer = setTimeout(() => {
      abort(
        BackchannelLogoutError.of(
          'rp_timeout',
          `no complete answer within ${options.timeoutMs} ms`,
        ),
      );
    }, options.timeoutMs);
    const onAbort = (): void =>
      abort(BackchannelLogoutError.of('network_error', 'request cut: the app is shutting down'));
    if (options.signal?.aborted) onAbort();
    else options.signal?.addEventListener('abort', onAbort, { once: true });
    // Second guard: whatever resolved the name, the socket must be connected to an allowed address.
    const guard = (socket: Socket): void => {
      const remote = socket.remoteAddress;
      if (remote === undefined) return;
      const verdict = classifyAddress(remote, options.allowPrivateNetworks);
      if (!verdict.allowed) {
        abort(
          BackchannelLogoutError.of(
            'target_address_refused',
            `connected to ${remote} (${verdict.label})`,
          ),
        );
      }
    };
    req.on('socket', (socket: Socket) => {
      // Prepended, so it runs before Node flushes the buffered request onto the new connection.
      if (socket.remoteAddress) guard(socket);
      else socket.prependOnceListener('connect', () => guard(socket));
    });
    let answered = false;
    req.on('error', (err: Error) => {
      if (err instanceof BackchannelLogoutError) return finish(err);
      const failure = BackchannelLogoutError.of('network_error', describe(err), err);
      if (req.reusedSocket && !answered && isReset(err)) staleConnectionErrors.add(failure);
      finish(failure);
    });
    req.on('response', (res: http.IncomingMessage) => {
      answered = true;
      const chunks: Buffer[] = [];
      let size = 0;
      const done = (): void => {
        finish(null, {
          status: res.statusCode ?? 0,
          location: header(res, 'location'),
          retryAfter: header(res, 'retry-after'),
          body: Buffer.concat(chunks).subarray(0, options.maxResponseBytes).toString('utf8'),
        });
      };
      res.on('data', (chunk: Buffer) => {
        chunks.push(chunk);
        size += chunk.length;
        // Never read more than the cap: stop here and close the socket (never back to the pool).
        if (size >= options.maxResponseBytes) {
          done();
          res.destroy();
        }
      });
      // Read to the end: a keep-alive socket then goes back to its agent's pool.
      res.on('end', done);
      res.on('error', (err) =>
        finish(BackchannelLogoutError.of('network_error', describe(err), err)),
      );
    });
    req.end(body);
  });
}

function header(res: http.IncomingMessage, name: string): string | undefined {
  const value = res.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function isReset(err: Error): boolean {
  const code = (err as { code?: unknown }).code;
  return code === 'ECONNRESET' || code === 'EPIPE';
}

function describe(err: Error): string {
  const code = (err as { code?: unknown }).code;
  return typeof code === 'string'
    ? `${code} ${err.message}`.slice(0, 300)
    : err.message.slice(0, 300);
}
