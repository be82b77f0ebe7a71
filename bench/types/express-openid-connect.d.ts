/** express-openid-connect's own promisify of store methods (the bench checks its markers through it). */
declare module 'express-openid-connect/lib/utils/promisifyCompat' {
  function safePromisify(
    method: (...args: never[]) => unknown,
    context: unknown,
  ): (...args: unknown[]) => Promise<unknown>;
  export = safePromisify;
}
