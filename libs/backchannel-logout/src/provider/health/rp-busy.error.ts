/**
 * Thrown by an attempt when its RP already holds its share of this process's worker slots (issue #9): the
 * worker puts the job back for `deferMs` without counting an attempt.
 */
export class RpBusyError extends Error {
  override readonly name = 'RpBusyError';
  constructor(
    readonly clientId: string,
    readonly deferMs: number,
  ) {
    super(`RP ${clientId} holds its share of worker slots; deferred ${deferMs} ms`);
  }
}
