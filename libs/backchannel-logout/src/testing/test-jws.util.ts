import { KeyObject } from 'node:crypto';
import { encodeSegment, signJwsInput, type TestKey, type TestSigningAlg } from './test-keys';
import type { TestJwsInput } from './test-token.types';

/** Build a compact JWS from (possibly raw) header and payload JSON; `alg: none` gives an empty signature. */
export function signTestJws(input: TestJwsInput, currentKey: TestKey): string {
  const header =
    typeof input.header === 'string'
      ? (JSON.parse(input.header) as Record<string, unknown>)
      : input.header;
  const requested = input.alg ?? (header.alg as TestSigningAlg | 'none');
  const signingInput = `${encodeSegment(input.header)}.${encodeSegment(input.payload)}`;
  if (typeof requested !== 'string' || requested.toLowerCase() === 'none')
    return `${signingInput}.`;
  const alg = requested as TestSigningAlg;
  if (alg.startsWith('HS')) {
    if (input.secret === undefined) throw new Error(`${alg} needs a secret`);
    return `${signingInput}.${signJwsInput(alg, signingInput, input.secret)}`;
  }
  const key = input.key instanceof KeyObject ? input.key : (input.key ?? currentKey).privateKey;
  return `${signingInput}.${signJwsInput(alg, signingInput, key)}`;
}

/** Merge `overrides` over `base`; a member whose override is `undefined` is removed. */
export function mergeMembers(
  base: Record<string, unknown>,
  overrides: Record<string, unknown> | undefined,
): Record<string, unknown> {
  const merged: Record<string, unknown> = { ...base, ...overrides };
  for (const [name, value] of Object.entries(overrides ?? {}))
    if (value === undefined) delete merged[name];
  return merged;
}
