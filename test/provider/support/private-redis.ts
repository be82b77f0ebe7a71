import { ChildProcess, spawn } from 'node:child_process';
import Redis from 'ioredis';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, ping } from '../../support/services';
import { until } from '../../support/wait';

/**
 * A redis-server of this test alone (no persistence) that can be stopped and started again on the same
 * port, to show what happens while Redis is down.
 */
export class PrivateRedis {
  private child: ChildProcess | null = null;
  private readonly dir = mkdtempSync(join(tmpdir(), 'bcl-provider-redis-'));
  port = 0;

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    if (this.port === 0) this.port = await freePort();
    this.child = spawn(
      'redis-server',
      [
        '--port',
        String(this.port),
        '--bind',
        '127.0.0.1',
        '--save',
        '',
        '--appendonly',
        'no',
        '--dir',
        this.dir,
      ],
      { stdio: 'ignore' },
    );
    await until(() => ping(this.url, 200), 10_000).catch(() => {
      throw new Error(`private redis-server did not start on ${this.port}`);
    });
  }

  async stop(): Promise<void> {
    const child = this.child;
    this.child = null;
    if (!child || child.exitCode !== null) return;
    await new Promise<void>((resolve) => {
      child.once('exit', () => resolve());
      child.kill('SIGKILL');
    });
  }

  /** Stops the server after it wrote its data to disk (`SHUTDOWN SAVE`): the next `start()` has it all back. */
  async stopKeepingData(): Promise<void> {
    const child = this.child;
    this.child = null;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    const admin = new Redis(this.url, { lazyConnect: true, maxRetriesPerRequest: 0 });
    await admin.connect();
    await admin.call('SHUTDOWN', 'SAVE').catch(() => undefined); // the connection closes as the server exits
    admin.disconnect();
    await exited;
  }

  async dispose(): Promise<void> {
    await this.stop();
    rmSync(this.dir, { recursive: true, force: true });
  }
}
