/** Adds parameters to a URL, keeping its existing query (RFC 6749 §3.1.2). Undefined values are skipped. */
export function withParams(uri: string, params: Record<string, string | undefined>): string {
  const url = new URL(uri);
  for (const [name, value] of Object.entries(params)) {
    if (value !== undefined) url.searchParams.append(name, value);
  }
  return url.toString();
}

/** A same-origin path safe to redirect to after sign-in: only our own authorization endpoint or home. */
export function safeReturnPath(value: string | undefined): string {
  if (value && /^\/authorize\?[^\\]*$/.test(value) && !value.startsWith('//')) return value;
  return '/';
}
