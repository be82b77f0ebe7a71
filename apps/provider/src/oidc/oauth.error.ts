/** An OAuth 2.0 / OIDC error response (RFC 6749 §5.2, RFC 6750 §3); rendered as JSON at the edge. */
export class OAuthError extends Error {
  override readonly name = 'OAuthError';

  constructor(
    readonly error: string,
    readonly description: string,
    readonly status = 400,
    readonly headers: Record<string, string> = {},
  ) {
    super(`${error}: ${description}`);
  }

  static invalidRequest(description: string): OAuthError {
    return new OAuthError('invalid_request', description);
  }

  static invalidGrant(description: string): OAuthError {
    return new OAuthError('invalid_grant', description);
  }

  /** 401, with a Basic challenge when the client tried the Authorization header (RFC 6749 §5.2). */
  static invalidClient(description: string, usedBasic: boolean): OAuthError {
    return new OAuthError(
      'invalid_client',
      description,
      401,
      usedBasic ? { 'WWW-Authenticate': 'Basic realm="token", charset="UTF-8"' } : {},
    );
  }
}
