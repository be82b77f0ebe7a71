import { createHash } from 'node:crypto';
import type { ReplayKey } from './replay-store.interface';

/** A fixed-size digest, so store keys stay small whatever the OP puts in `iss` or `jti`. */
export function digest(value: string): string {
  return createHash('sha256').update(value, 'utf8').digest('base64url');
}

/** One string per `(iss, jti)`; the separator cannot occur in a digest. */
export function replayKeyString(key: ReplayKey): string {
  return `${digest(key.iss)}.${digest(key.jti)}`;
}
