const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * Rules for redirect_uris and post_logout_redirect_uris: absolute http(s) URL, no fragment
 * (RFC 6749 §3.1.2), `http` only on a loopback host unless the development switch is on
 * (RPIL §3.1: http only for confidential clients where the OP allows it). Returns a problem or null.
 */
export function checkRedirectUri(value: unknown, allowHttpAnywhere: boolean): string | null {
  if (typeof value !== 'string' || value.trim() === '') return 'must be a non-empty URL';
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return `"${value}" is not an absolute URL (it needs a scheme and a host, like https://app.example.com/callback)`;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    return `"${value}" must use https (or http on localhost)`;
  }
  if (value.includes('#')) return `"${value}" must not contain a fragment (#...)`;
  if (url.protocol === 'http:' && !allowHttpAnywhere && !LOOPBACK_HOSTS.has(url.hostname)) {
    return `"${value}" must use https (http is only accepted for localhost)`;
  }
  if (value.length > 2048) return `"${value.slice(0, 40)}..." is longer than 2048 characters`;
  return null;
}
