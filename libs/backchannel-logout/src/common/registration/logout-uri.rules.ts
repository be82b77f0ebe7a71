import { BackchannelLogoutError } from '../backchannel-logout.error';
import { classifyAddress, isIpLiteral } from '../network/address-policy.util';
import { BackchannelLogoutTargetPolicy } from '../network/target-policy.interface';

/** BCL §2.2 sets no length; 2048 is what the client column stores. */
export const BACKCHANNEL_LOGOUT_URI_MAX_LENGTH = 2048;

// RFC 3986 characters only: no whitespace, controls, backslashes or other bytes WHATWG URL would "fix".
const URI_CHARACTERS = /^[A-Za-z0-9\-._~:/?#[\]@!$&'()*+,;=%]+$/;
const HTTP_PREFIX = /^https?:\/\//i;

/**
 * The rules of BCL §2.2 that need no network: a string, at most 2048 characters, an absolute `http(s)` URI
 * (§2.2 "MUST be an absolute URI"), `https` unless the policy allows `http`, no fragment (§2.2 "MUST NOT
 * include a fragment"), no credentials, and, when the host is an IP literal, an allowed address.
 * A query is allowed (§2.2). Returns the parsed URL or throws a {@link BackchannelLogoutError}.
 */
export function parseBackchannelLogoutUri(
  value: unknown,
  policy: BackchannelLogoutTargetPolicy,
): URL {
  if (typeof value !== 'string') throw new BackchannelLogoutError('uri_not_string');
  if (value.length > BACKCHANNEL_LOGOUT_URI_MAX_LENGTH) {
    throw BackchannelLogoutError.of('uri_too_long', `it has ${value.length}`);
  }
  if (value.includes('#')) throw new BackchannelLogoutError('uri_fragment');
  let url: URL;
  try {
    if (!URI_CHARACTERS.test(value) || !/^[A-Za-z][A-Za-z0-9+.-]*:\/\/[^/?]/.test(value)) {
      throw new Error('not absolute');
    }
    url = new URL(value);
  } catch {
    throw new BackchannelLogoutError('uri_not_absolute');
  }
  if (!HTTP_PREFIX.test(value) || (url.protocol === 'http:' && !policy.allowHttp)) {
    throw BackchannelLogoutError.of(
      'target_scheme_refused',
      url.protocol === 'http:'
        ? 'http is not allowed by this OP'
        : `got ${url.protocol.slice(0, -1)}${policy.allowHttp ? ' (https or http are accepted)' : ''}`,
    );
  }
  if (url.username || url.password) throw new BackchannelLogoutError('uri_credentials');
  if (!url.hostname) throw new BackchannelLogoutError('uri_not_absolute');
  if (isIpLiteral(url.hostname)) {
    const verdict = classifyAddress(url.hostname, policy.allowPrivateNetworks ?? false);
    if (!verdict.allowed) {
      throw BackchannelLogoutError.of(
        'target_address_refused',
        `${url.hostname} (${verdict.label})`,
      );
    }
  }
  return url;
}
