import {
  BACKCHANNEL_LOGOUT_MESSAGES,
  BackchannelLogoutErrorCode,
} from './backchannel-logout.messages';

/**
 * The one error type of this library. `code` is stable (safe to branch on, log and count);
 * `message` is for people. HTTP status codes are chosen only at the edge (the receiver's filter).
 */
export class BackchannelLogoutError extends Error {
  override readonly name = 'BackchannelLogoutError';

  constructor(
    readonly code: BackchannelLogoutErrorCode,
    message?: string,
    options?: { cause?: unknown },
  ) {
    super(message ?? BACKCHANNEL_LOGOUT_MESSAGES[code], options);
  }

  /** Build an error whose message is the catalogue's text for `code` plus an optional detail. */
  static of(
    code: BackchannelLogoutErrorCode,
    detail?: string,
    cause?: unknown,
  ): BackchannelLogoutError {
    const base = BACKCHANNEL_LOGOUT_MESSAGES[code];
    return new BackchannelLogoutError(code, detail ? `${base}: ${detail}` : base, { cause });
  }
}

/**
 * Whether `err` was thrown by this library; narrow it, then branch on its stable `code`.
 *
 * @example
 * if (isBackchannelLogoutError(err) && err.code === 'client_not_found') return res.status(404).end();
 */
export function isBackchannelLogoutError(err: unknown): err is BackchannelLogoutError {
  return err instanceof BackchannelLogoutError;
}
