import { LoggerService } from '@nestjs/common';

/** Objects (structured log lines) as JSON, anything else as text. */
function text(message: unknown): string {
  return typeof message === 'object' && message !== null
    ? JSON.stringify(message)
    : String(message);
}

/** A Nest logger that keeps every line, to assert what the library logs (and what it never logs). */
export class LogCapture implements LoggerService {
  readonly lines: string[] = [];
  log(message: unknown): void {
    this.lines.push(`LOG ${text(message)}`);
  }
  warn(message: unknown): void {
    this.lines.push(`WARN ${text(message)}`);
  }
  error(message: unknown, ...rest: unknown[]): void {
    this.lines.push(`ERROR ${text(message)} ${rest.map(text).join(' ')}`);
  }
  debug(message: unknown): void {
    this.lines.push(`DEBUG ${text(message)}`);
  }
  verbose(message: unknown): void {
    this.lines.push(`VERBOSE ${text(message)}`);
  }
}
