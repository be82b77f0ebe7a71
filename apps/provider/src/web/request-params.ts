/** A request parameter that was sent more than once (RFC 6749 §3.1: "MUST NOT be included more than once"). */
export class RepeatedParameterError extends Error {
  constructor(readonly parameter: string) {
    super(`${parameter} must be sent at most once`);
  }
}

/**
 * One string parameter from a parsed query or urlencoded body. Empty counts as absent (RFC 6749
 * §3.1); repeated or structured values are refused.
 */
export function readParam(source: unknown, name: string): string | undefined {
  if (typeof source !== 'object' || source === null) return undefined;
  const value: unknown = (source as Record<string, unknown>)[name];
  if (value === undefined || value === '') return undefined;
  if (typeof value !== 'string') throw new RepeatedParameterError(name);
  return value;
}
