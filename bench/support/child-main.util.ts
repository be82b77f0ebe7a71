/** The child side of `forkChild`: announce readiness, answer calls, close cleanly on `stop`. */
export type Handlers = Record<string, (payload: unknown) => unknown>;

interface Call {
  readonly id: number;
  readonly type: string;
  readonly payload?: unknown;
}

/**
 * Start the child: `start()` builds whatever it serves and returns the `ready` value and its
 * handlers; `stop` closes it. The process exits after `stop`, or when the parent goes away.
 */
export function serveParent<Ready>(
  start: () => Promise<{ ready: Ready; handlers: Handlers; stop: () => Promise<void> }>,
): void {
  const send = (message: unknown) => process.send?.(message);
  start().then(
    ({ ready, handlers, stop }) => {
      let stopping = false;
      const shutdown = async (reply?: Call) => {
        if (stopping) return;
        stopping = true;
        await stop().catch((err: Error) => process.stderr.write(`stop failed: ${err.message}\n`));
        if (reply) send({ id: reply.id, ok: true });
        process.exit(0);
      };
      process.on('disconnect', () => void shutdown());
      process.on('message', (call: Call) => {
        if (call.type === 'stop') return void shutdown(call);
        const handler = handlers[call.type];
        Promise.resolve()
          .then(() => {
            if (!handler) throw new Error(`unknown call ${call.type}`);
            return handler(call.payload);
          })
          .then(
            (value) => send({ id: call.id, ok: true, value }),
            (err: Error) => send({ id: call.id, ok: false, error: err.message }),
          );
      });
      send({ type: 'ready', value: ready });
    },
    (err: Error) => {
      send({ type: 'error', error: err.stack ?? err.message });
      process.exit(1);
    },
  );
}

/** RSS and heap of this process after a full GC (when started with --expose-gc). */
export function memoryAfterGc(): {
  rss: number;
  heapUsed: number;
  heapTotal: number;
  external: number;
} {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc) {
    gc();
    gc();
  }
  const { rss, heapUsed, heapTotal, external } = process.memoryUsage();
  return { rss, heapUsed, heapTotal, external };
}
