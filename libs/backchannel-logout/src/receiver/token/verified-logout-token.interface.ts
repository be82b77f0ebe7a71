/** A Logout Token that passed every check of BCL §2.6. */
export interface VerifiedLogoutToken {
  /** The issuer, exactly as configured and as in the token. */
  readonly iss: string;
  /** The `client_id` of the trusted-issuer entry the token was verified for. */
  readonly clientId: string;
  /** The audiences, always as an array. */
  readonly aud: readonly string[];
  readonly iat: number;
  /** Absent only when `requireExp` is false and the OP omitted it. */
  readonly exp?: number;
  readonly jti: string;
  /** At least one of `sub` and `sid` is present (BCL §2.4). */
  readonly sub?: string;
  readonly sid?: string;
  /** The whole verified payload, unknown claims included (they are ignored, BCL §2.4). */
  readonly claims: Readonly<Record<string, unknown>>;
  /** The protected header (`alg`, `kid`, `typ`, ...). */
  readonly header: Readonly<Record<string, unknown>>;
}
