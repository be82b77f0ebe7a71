/** Runs `task` at most once per `intervalMs`, when called (no timer: nothing keeps the process alive). */
export class Periodic {
  private last = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly intervalMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  async maybeRun(task: () => Promise<unknown>): Promise<void> {
    const now = this.now();
    if (now - this.last < this.intervalMs) return;
    this.last = now;
    await task();
  }
}
