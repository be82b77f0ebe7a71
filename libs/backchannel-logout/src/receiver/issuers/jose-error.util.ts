/** jose errors carry a stable `code` (e.g. `ERR_JWKS_NO_MATCHING_KEY`); compare on it, not on classes. */
export function hasJoseCode(err: unknown, code: string): boolean {
  return typeof err === 'object' && err !== null && (err as { code?: unknown }).code === code;
}
