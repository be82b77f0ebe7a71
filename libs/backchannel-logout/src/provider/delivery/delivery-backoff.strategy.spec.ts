import { DeliveryAttemptError, logoutBackoffDelay } from './delivery-backoff.strategy';

const options = { baseMs: 1000, capMs: 8000, retryAfterCapMs: 60_000 };

describe('logoutBackoffDelay', () => {
  it('doubles per attempt with equal jitter, up to the cap', () => {
    expect(logoutBackoffDelay(1, new Error('x'), options, () => 0)).toBe(500);
    expect(logoutBackoffDelay(1, new Error('x'), options, () => 1)).toBe(1000);
    expect(logoutBackoffDelay(2, new Error('x'), options, () => 1)).toBe(2000);
    expect(logoutBackoffDelay(3, new Error('x'), options, () => 0.5)).toBe(3000);
    expect(logoutBackoffDelay(10, new Error('x'), options, () => 1)).toBe(8000);
    expect(logoutBackoffDelay(10, new Error('x'), options, () => 0)).toBe(4000);
  });

  it('waits at least Retry-After, but no longer than its cap', () => {
    expect(logoutBackoffDelay(1, new DeliveryAttemptError('x', 30_000), options, () => 0)).toBe(
      30_000,
    );
    expect(logoutBackoffDelay(1, new DeliveryAttemptError('x', 3_600_000), options, () => 0)).toBe(
      60_000,
    );
    expect(logoutBackoffDelay(4, new DeliveryAttemptError('x', 10), options, () => 1)).toBe(8000);
  });

  it('has sane defaults when a job carries no options', () => {
    const delay = logoutBackoffDelay(1, new Error('x'), null);
    expect(delay).toBeGreaterThanOrEqual(1000);
    expect(delay).toBeLessThanOrEqual(2000);
  });
});
