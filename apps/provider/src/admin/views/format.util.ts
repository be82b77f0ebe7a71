/** `2026-11-21 10:43:05` in UTC (the admin pages show one time zone). */
export function formatTime(date: Date | null | undefined): string {
  if (!date) return '';
  return new Date(date).toISOString().replace('T', ' ').slice(0, 19);
}

/** The start of a long opaque value (sid, jti), enough to tell them apart. */
export function short(value: string | null | undefined, length = 10): string {
  if (!value) return '';
  return value.length > length ? `${value.slice(0, length)}…` : value;
}
