import { BackchannelLogoutError } from '../../common/backchannel-logout.error';
import { LOGOUT_TOKEN_MEDIA_TYPE } from '../../common/backchannel-logout.constants';

/**
 * How the receiver treats the JOSE `typ` header.
 * - `lenient` (default): absent, `JWT`, `logout+jwt` and `application/logout+jwt` pass; any other type, such as
 *   `at+jwt` or `secevent+jwt`, is refused (JWT-BCP §3.11–§3.12).
 * - `strict`: only `logout+jwt` / `application/logout+jwt` (BCL §4.1: a good idea for new deployments).
 */
export type TypPolicy = 'lenient' | 'strict';

/** RFC 7515 §4.1.9: compare as a media type, case-insensitively, with `application/` implied when there is no `/`. */
export function normalizeMediaType(typ: string): string {
  const lower = typ.trim().toLowerCase();
  return lower.includes('/') ? lower : `application/${lower}`;
}

/** Throws `typ_invalid` unless the header's `typ` passes the policy. */
export function assertTypAllowed(typ: unknown, policy: TypPolicy): void {
  if (typ === undefined && policy === 'lenient') return;
  if (typeof typ !== 'string')
    throw BackchannelLogoutError.of('typ_invalid', 'typ is absent or not a string');
  const mediaType = normalizeMediaType(typ);
  if (mediaType === LOGOUT_TOKEN_MEDIA_TYPE) return;
  if (policy === 'lenient' && mediaType === 'application/jwt') return;
  throw new BackchannelLogoutError('typ_invalid');
}
