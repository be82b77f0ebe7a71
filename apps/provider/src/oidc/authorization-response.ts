import type { Response } from 'express';
import { withParams } from '../web/url.util';

/** RFC 9207: `iss` in every authorization response; never cached. */
export function redirectToClient(
  res: Response,
  issuer: string,
  uri: string,
  params: Record<string, string | undefined>,
): void {
  res.set('Cache-Control', 'no-store');
  res.redirect(302, withParams(uri, { ...params, iss: issuer }));
}

/**
 * OIDC Core §11: `offline_access` is granted only after the user consented on a consent page
 * (`prompt=consent`); otherwise the scope is dropped and the rest of the request served.
 */
export function grantedScope(scope: string, consented: boolean): string {
  return consented
    ? scope
    : scope
        .split(' ')
        .filter((s) => s !== 'offline_access')
        .join(' ');
}
