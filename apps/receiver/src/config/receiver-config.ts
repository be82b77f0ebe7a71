import { DatabaseConfig } from '../../../shared/database.options';

/** Where the receiver keeps its data (the back-channel session index). */
export type ReceiverDatabaseConfig = DatabaseConfig;

/** Everything the sample relying party needs, resolved once from the environment (or built by a test). */
export interface ReceiverConfig {
  port: number;
  host: string;
  /** Public base URL; the redirect URI is `${baseUrl}/callback`. */
  baseUrl: string;
  /** The OP's issuer identifier (discovery at `${issuerBaseUrl}/.well-known/openid-configuration`). */
  issuerBaseUrl: string;
  clientId: string;
  clientSecret: string;
  /** The back-channel logout endpoint path (BCL_PATH), default `/backchannel-logout`. */
  backchannelPath: string;
  redis: { url: string; prefix: string };
  database: ReceiverDatabaseConfig;
  /** Name of this RP's session cookie; differs per client because cookies ignore ports. */
  sessionCookieName: string;
  secureCookies: boolean;
  /** How often the open page polls /me to notice a back-channel logout. */
  pollIntervalMs: number;
}

export const redirectUriOf = (config: ReceiverConfig) => `${config.baseUrl}/callback`;
export const postLogoutRedirectUriOf = (config: ReceiverConfig) =>
  `${config.baseUrl}/logout/callback`;
