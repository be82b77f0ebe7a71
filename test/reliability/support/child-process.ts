import { ChildProcess, fork } from 'node:child_process';
import { join, resolve } from 'node:path';

const ROOT = resolve(__dirname, '../../..');
const TS_REGISTER = join(ROOT, 'scripts', 'ts-register.js');

/**
 * A repo TypeScript entry point run as a real child process (through scripts/ts-register.js), talking over
 * IPC. It keeps its output, to show it when something goes wrong.
 */
export class TsChild {
  output = '';
  private readonly exited: Promise<number | null>;
  private readonly listeners = new Set<(message: unknown) => void>();

  private constructor(
    readonly label: string,
    readonly child: ChildProcess,
  ) {
    child.stdout?.on('data', (d: Buffer) => (this.output += d.toString()));
    child.stderr?.on('data', (d: Buffer) => (this.output += d.toString()));
    child.on('message', (m) => {
      for (const l of this.listeners) l(m);
    });
    this.exited = new Promise((res) => child.once('exit', (code) => res(code)));
  }

  /** Starts `entry` (relative to the repo root) and resolves when it sends `ready`. */
  static async start(
    label: string,
    entry: string,
    env: Record<string, string>,
    options: { execArgv?: string[]; readyTimeoutMs?: number } = {},
  ): Promise<TsChild> {
    const child = fork(join(ROOT, entry), [], {
      cwd: ROOT,
      execArgv: ['-r', TS_REGISTER, ...(options.execArgv ?? [])],
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    });
    const handle = new TsChild(label, child);
    await handle.next((m) => m === 'ready', options.readyTimeoutMs ?? 60000);
    return handle;
  }

  get pid(): number {
    return this.child.pid ?? -1;
  }

  /** Resolves with the next message that `accept`s. */
  next<T = unknown>(accept: (message: unknown) => boolean, timeoutMs = 30000): Promise<T> {
    return new Promise<T>((resolvePromise, reject) => {
      const timer = setTimeout(() => {
        this.listeners.delete(listener);
        reject(new Error(`${this.label}: no expected message in ${timeoutMs} ms\n${this.output}`));
      }, timeoutMs);
      const listener = (m: unknown): void => {
        if (!accept(m)) return;
        clearTimeout(timer);
        this.listeners.delete(listener);
        resolvePromise(m as T);
      };
      this.listeners.add(listener);
      void this.exited.then((code) => {
        if (!this.listeners.has(listener)) return;
        clearTimeout(timer);
        this.listeners.delete(listener);
        reject(new Error(`${this.label} exited (${code})\n${this.output}`));
      });
    });
  }

  /** Sends a request `{ type }` and waits for the answer `{ type, ... }`. */
  async ask<T>(type: string, timeoutMs = 60000): Promise<T> {
    const answer = this.next<T>((m) => (m as { type?: string })?.type === type, timeoutMs);
    this.child.send({ type });
    return answer;
  }

  /** A crash: SIGKILL, no chance to finish anything. */
  async kill(): Promise<void> {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGKILL');
    await this.exited;
  }

  /** A graceful stop (`stop` over IPC), SIGKILL after `timeoutMs`. */
  async stop(timeoutMs = 15000): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    this.child.send('stop');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), timeoutMs);
    await this.exited;
    clearTimeout(timer);
  }
}
