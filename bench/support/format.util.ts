/** Number formatting for the tables (plain ASCII, thin grouping with a space). */

function group(n: number): string {
  return Math.round(n)
    .toString()
    .replace(/\B(?=(\d{3})+(?!\d))/g, ' ');
}

/** `12.3 ms`, `1.24 s`, `0.412 ms`. */
export function ms(value: number): string {
  if (!Number.isFinite(value)) return 'n/a';
  if (value >= 10_000) return `${(value / 1000).toFixed(1)} s`;
  if (value >= 1000) return `${(value / 1000).toFixed(2)} s`;
  if (value >= 100) return `${value.toFixed(0)} ms`;
  if (value >= 10) return `${value.toFixed(1)} ms`;
  if (value >= 1) return `${value.toFixed(2)} ms`;
  return `${value.toFixed(3)} ms`;
}

/** `1 234 /s` */
export function rate(perSecond: number): string {
  return Number.isFinite(perSecond) ? `${group(perSecond)} /s` : 'n/a';
}

/** `1 234` */
export function count(n: number): string {
  return group(n);
}

/** `x1.00`: how many times the baseline. */
export function ratio(value: number, baseline: number): string {
  if (!Number.isFinite(value) || !Number.isFinite(baseline) || baseline === 0) return 'n/a';
  const r = value / baseline;
  return `x${r >= 100 ? r.toFixed(0) : r >= 10 ? r.toFixed(1) : r.toFixed(2)}`;
}

/** `123.4 MiB` */
export function mib(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}

/** `684 B` / `1.2 KiB` */
export function bytes(n: number): string {
  return n >= 10_240 ? `${(n / 1024).toFixed(1)} KiB` : `${Math.round(n)} B`;
}
