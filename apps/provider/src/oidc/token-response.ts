/** RFC 6749 §5.1 / OIDC Core §3.1.3.3 successful token response. */
export interface TokenResponse {
  access_token: string;
  token_type: 'Bearer';
  expires_in: number;
  /** Absent on an offline_access refresh after the OP session ended (OIDC Core §12.2: optional there). */
  id_token?: string;
  refresh_token: string;
  scope: string;
}
