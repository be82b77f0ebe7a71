import { ChildProcess, fork } from 'node:child_process';
import { join, resolve } from 'node:path';

const root = resolve(__dirname, '..', '..');
const tsRegister = join(root, 'scripts', 'ts-register.js');

/** A message between a bench process and a child it started (see `serveParent`). */
interface Reply {
  readonly id: number;
  readonly ok: boolean;
  readonly value?: unknown;
  readonly error?: string;
}

/** A child process speaking the bench's small IPC protocol: one `ready` message, then calls. */
export interface ChildApp<Ready> {
  readonly pid: number;
  readonly ready: Ready;
  call<T>(type: string, payload?: unknown): Promise<T>;
  /** Ask it to close everything and exit; kill it if it does not within 15 s. */
  stop(): Promise<void>;
}

export interface ForkOptions {
  readonly env?: Record<string, string>;
  readonly execArgv?: readonly string[];
  /** How long to wait for `ready`. Default 60 s. */
  readonly readyTimeoutMs?: number;
}

/**
 * Start `file` (relative to the repo root) in its own Node process: `.ts` files through
 * scripts/ts-register.js, `.mjs` as they are. Resolves once it sent `{ type: 'ready' }`.
 */
export function forkChild<Ready>(
  file: string,
  options: ForkOptions = {},
): Promise<ChildApp<Ready>> {
  const execArgv = [
    ...(file.endsWith('.ts') ? ['-r', tsRegister] : []),
    ...(options.execArgv ?? []),
    // e.g. BENCH_CHILD_EXEC_ARGV="--cpu-prof --cpu-prof-dir=/tmp/prof" to profile the processes under test
    ...(process.env.BENCH_CHILD_EXEC_ARGV?.split(' ').filter(Boolean) ?? []),
  ];
  const child = fork(join(root, file), [], {
    cwd: root,
    execArgv,
    env: { ...process.env, ...options.env },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  return new Promise((resolvePromise, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${file} did not start within ${options.readyTimeoutMs ?? 60_000} ms`));
    }, options.readyTimeoutMs ?? 60_000);
    const onExit = (code: number | null) => {
      clearTimeout(timer);
      reject(new Error(`${file} exited with ${code} before it was ready`));
    };
    child.once('exit', onExit);
    child.once('message', (message: { type?: string; value?: Ready; error?: string }) => {
      clearTimeout(timer);
      child.off('exit', onExit);
      if (message.type !== 'ready') {
        child.kill('SIGKILL');
        reject(new Error(`${file} failed to start: ${message.error ?? JSON.stringify(message)}`));
        return;
      }
      resolvePromise(wrap(child, message.value as Ready));
    });
  });
}

function wrap<Ready>(child: ChildProcess, ready: Ready): ChildApp<Ready> {
  let nextId = 1;
  const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  child.on('message', (reply: Reply) => {
    const waiter = pending.get(reply.id);
    if (!waiter) return;
    pending.delete(reply.id);
    if (reply.ok) waiter.resolve(reply.value);
    else waiter.reject(new Error(reply.error ?? 'child call failed'));
  });
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  child.once('exit', (code) => {
    for (const waiter of pending.values()) waiter.reject(new Error(`child exited (${code})`));
    pending.clear();
  });
  const call = <T>(type: string, payload?: unknown): Promise<T> =>
    new Promise<T>((resolveCall, rejectCall) => {
      const id = nextId++;
      pending.set(id, { resolve: resolveCall as (v: unknown) => void, reject: rejectCall });
      child.send({ id, type, payload });
    });
  return {
    pid: child.pid ?? -1,
    ready,
    call,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const killer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      call('stop').catch(() => undefined);
      await exited;
      clearTimeout(killer);
    },
  };
}
