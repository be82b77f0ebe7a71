const MAX_LOGGED_CHARS = 200;

/**
 * Error text that may carry what the browser sent (the callback's `error_description`, a provider's
 * answer) as one quoted, escaped, bounded string: no forged log lines (CR/LF), no terminal escapes.
 */
export function loggable(text: string): string {
  const bounded = text.length > MAX_LOGGED_CHARS ? `${text.slice(0, MAX_LOGGED_CHARS)}…` : text;
  return JSON.stringify(bounded);
}
