import type { BackchannelLogoutRpHealthOptions } from 'nestjs-backchannel-logout/provider';
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

/** Server-side OP session lifetimes (the library's `sessionLifetime`); `null` turns a limit off. */
export interface ProviderSessionLifetime {
  /** SESSION_IDLE_TIMEOUT_SECONDS: end a session unused for this long. */
  idleSeconds: number | null;
  /** SESSION_MAX_LIFETIME_SECONDS: end a session this long after sign-in, however active. */
  absoluteSeconds: number | null;
  /** How often the expiry job runs, in ms. */
  checkIntervalMs: number;
  /** The clock (tests). */
  clock?: () => Date;
}

export const DEFAULT_SESSION_LIFETIME: ProviderSessionLifetime = {
  idleSeconds: 30 * 60,
  absoluteSeconds: 12 * 3600,
  checkIntervalMs: 60_000,
};

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
  /**
   * RFC 7591 initial access token for `POST /register` (REGISTRATION_ACCESS_TOKEN); registration is off
   * when it is unset.
   */
  registrationAccessToken?: string;
  /** Sign-in (user and admin) and token endpoint rate limits, per client address and per account. */
  rateLimits: RateLimits;
  /** OP session lifetimes; absent, sessions never expire (the environment loader always sets them). */
  sessionLifetime?: ProviderSessionLifetime;
}

/** Requests allowed in one window: from one client address, and for one account (username or client_id). */
export interface RateLimit {
  perIp: number;
  perAccount: number;
}

export interface RateLimits {
  windowSeconds: number;
  /** POST /login and POST /admin/login (each counted apart); the account is the username sent. */
  signIn: RateLimit;
  /** POST /token; the account is the authenticating client_id. */
  token: RateLimit;
}

export const DEFAULT_RATE_LIMITS: RateLimits = {
  windowSeconds: 60,
  signIn: { perIp: 30, perAccount: 10 },
  token: { perIp: 600, perAccount: 300 },
};

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
