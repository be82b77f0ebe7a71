import 'express-session';

/** What this RP keeps in its express-session. */
declare module 'express-session' {
  interface SessionData {
    /** Set at /callback. */
    user?: {
      iss: string;
      sub: string;
      sid?: string;
      name?: string;
      idToken: string;
      loggedInAt: number;
    };
    /** The logout form's CSRF token, made at /callback. */
    csrf?: string;
    /** Between /login and /callback. */
    login?: { state: string; nonce: string; codeVerifier: string };
    /** Between /logout and the OP's redirect back (RPIL §2: the RP checks `state`). */
    logoutState?: string;
  }
}

export {};
