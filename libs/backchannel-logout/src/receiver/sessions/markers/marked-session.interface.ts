import type { Request, Response } from 'express';

/** The OIDC identity of one stateless session, as the marker guard sees it. */
export interface MarkedSession {
  /** The ID Token's `iss`. */
  readonly iss: string;
  readonly sub?: string;
  readonly sid?: string;
  /**
   * When the session was authenticated, in epoch seconds — preferably the ID Token's `iat` (the OP's clock,
   * like the Logout Token's `iat`). A session authenticated after a `sub` marker's `iat` is not affected (SET §5.4).
   */
  readonly authTime: number;
}

/** Reads the request's session identity; return `undefined` for an anonymous request. */
export type MarkedSessionAccessor = (
  request: Request,
) => MarkedSession | undefined | Promise<MarkedSession | undefined>;

/** Called with a request whose session was logged out, before it is refused with 401. */
export type LoggedOutHandler = (request: Request, response: Response) => void | Promise<void>;
