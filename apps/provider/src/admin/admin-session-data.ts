import 'express-session';

/** A message shown once on the next admin page (after a redirect). */
export interface AdminFlash {
  kind: 'ok' | 'bad';
  text: string;
  /** A newly generated client secret, shown once. */
  secret?: string;
}

declare module 'express-session' {
  interface SessionData {
    /** Set when the admin signed in. */
    adminUser?: string;
    adminFlash?: AdminFlash;
  }
}

export {};
