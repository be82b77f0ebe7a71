/** A validated authorization request (code flow, PKCE S256). */
export interface AuthorizeRequest {
  clientId: string;
  redirectUri: string;
  scope: string;
  state?: string;
  nonce?: string;
  codeChallenge: string;
  prompt: string[];
  maxAge?: number;
}

/** What /authorize does with a request it cannot serve. */
export type AuthorizeRejection =
  /** No trustworthy redirect_uri: tell the user, never redirect (RFC 6749 §4.1.2.1). */
  | { kind: 'page'; message: string }
  /** Report to the client at its registered redirect_uri. */
  | { kind: 'redirect'; redirectUri: string; error: string; description: string; state?: string };

export const SUPPORTED_SCOPES = ['openid', 'profile', 'email', 'offline_access'];
