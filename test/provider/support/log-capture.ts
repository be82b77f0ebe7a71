import { LoggerService } from '@nestjs/common';

/** A Nest logger that keeps every line, to assert what the library logs (and what it never logs). */
export class LogCapture implements LoggerService {
  readonly lines: string[] = [];
  log(message: unknown): void {
    this.lines.push(`LOG ${String(message)}`);
  }
  warn(message: unknown): void {
    this.lines.push(`WARN ${String(message)}`);
  }
  error(message: unknown, ...rest: unknown[]): void {
    this.lines.push(`ERROR ${String(message)} ${rest.map(String).join(' ')}`);
  }
  debug(message: unknown): void {
    this.lines.push(`DEBUG ${String(message)}`);
  }
  verbose(message: unknown): void {
    this.lines.push(`VERBOSE ${String(message)}`);
  }
}
