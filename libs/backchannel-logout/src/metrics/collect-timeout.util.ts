/**
 * `read()`'s value, or `null` when it fails or takes longer than `timeoutMs`: a scrape reports a source as
 * unavailable instead of waiting on it.
 */
export async function readWithin<T>(
  read: () => Promise<T | null>,
  timeoutMs: number,
): Promise<T | null> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<null>((resolve) => {
    timer = setTimeout(() => resolve(null), timeoutMs);
    timer.unref();
  });
  try {
    return await Promise.race([read().catch(() => null), timeout]);
  } finally {
    clearTimeout(timer);
  }
}
