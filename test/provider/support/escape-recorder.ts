import type { Queue } from 'bull';

type Listener = (err: unknown) => void;

/**
 * Records every error that escapes the library while it runs: unhandled rejections, uncaught exceptions,
 * and the errors of the delivery queue and of each of its Redis connections (an ioredis `error` nobody
 * handles is printed as "[ioredis] Unhandled error event", and a rejected command nobody awaits becomes an
 * unhandled rejection that Jest pins on whichever test runs).
 */
export class EscapeRecorder {
  readonly escaped: string[] = [];
  private readonly record: Listener = (err) =>
    this.escaped.push(err instanceof Error ? `${err.message}\n${err.stack}` : String(err));
  private readonly detach: Array<() => void> = [];

  /** Listen on the process. */
  start(): this {
    process.on('unhandledRejection', this.record);
    process.on('uncaughtException', this.record);
    this.detach.push(() => {
      process.off('unhandledRejection', this.record);
      process.off('uncaughtException', this.record);
    });
    return this;
  }

  /** Listen on `queue` and on each connection it has opened (reading the others would open them). */
  watch(queue: Queue): this {
    const q = queue as unknown as Record<string, unknown>;
    const connections = [
      ['client', 'client'],
      ['eclient', 'subscriber'],
      ['bclient', 'bclient'],
    ]
      .filter(([, type]) => q[`${type}Initialized`] === true)
      .map(([getter]) => q[getter] as NodeJS.EventEmitter);
    for (const emitter of [queue as unknown as NodeJS.EventEmitter, ...connections]) {
      emitter.on('error', this.record);
      this.detach.push(() => emitter.off('error', this.record));
    }
    return this;
  }

  stop(): void {
    for (const undo of this.detach.splice(0)) undo();
  }
}
