import type { BackchannelLogoutRpHealthOptions } from 'nestjs-backchannel-logout';
import { DatabaseConfig } from '../../../shared/database.options';

/** Where the provider keeps its data: a SQLite file (or `:memory:`), or a PostgreSQL URL. */
export type ProviderDatabaseConfig = DatabaseConfig;

/** One entry of CLIENTS_FILE, in Dynamic Client Registration (RFC 7591) metadata names, not yet validated. */
export type ClientRegistrationInput = Record<string, unknown>;

/** A demo account seeded at start (the README lists them). */
export interface DemoUser {
  username: string;
  password: string;
  name: string;
  email: string;
}

/** Everything the provider app needs, resolved once from the environment (or built by a test). */
export interface ProviderConfig {
  port: number;
  host: string;
  /** Exact issuer identifier (no trailing slash); endpoints are built from it. */
  issuer: string;
  database: ProviderDatabaseConfig;
  redis: { url: string; prefix: string };
  /** Admin UI sign-in; `generatedPassword` when ADMIN_PASSWORD was unset (main.ts prints it once). */
  admin: { user: string; password: string; generatedPassword?: boolean };
  /** Clients created or updated at start (CLIENTS_FILE); validated like the admin form. */
  clients: { source: string; entries: ClientRegistrationInput[] };
  /**
   * Development switch: allow `http` and private-network (loopback, RFC 1918...) back-channel
   * logout URIs. Off by default; the admin UI shows a banner while it is on.
   */
  allowInsecureBackchannel: boolean;
  demoUsers: DemoUser[];
  /** RPIL §3: how long end_session waits for the back-channel deliveries before redirecting. */
  logoutWaitMs: number;
  tokenTtlSeconds: { code: number; accessToken: number; idToken: number; refreshToken: number };
  /** Set `Secure` on cookies (on when the issuer is https). */
  secureCookies: boolean;
  /** Per-RP health thresholds (issue #9); the library's defaults when absent. */
  rpHealth?: BackchannelLogoutRpHealthOptions;
}

export const DEMO_USERS: DemoUser[] = [
  {
    username: 'alice',
    password: 'alice-password',
    name: 'Alice Liddell',
    email: 'alice@example.com',
  },
  { username: 'bob', password: 'bob-password', name: 'Bob Builder', email: 'bob@example.com' },
];

export const DEFAULT_TOKEN_TTL_SECONDS: ProviderConfig['tokenTtlSeconds'] = {
  code: 60,
  accessToken: 600,
  idToken: 600,
  refreshToken: 30 * 24 * 3600,
};
