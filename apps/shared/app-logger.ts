import { ConsoleLogger } from '@nestjs/common';

/**
 * The sample apps' logger. `LOG_FORMAT=json`: one JSON object per line (level, pid, timestamp, context, and
 * the library's structured delivery lines as objects: jti, clientId, outcome — never a token), for a log
 * shipper. Otherwise readable text, objects on one line.
 */
export function appLogger(format: string | undefined): ConsoleLogger {
  const logLevels = ['log' as const, 'warn' as const, 'error' as const, 'fatal' as const];
  return format === 'json'
    ? new ConsoleLogger({ json: true, logLevels })
    : new ConsoleLogger({ compact: true, breakLength: Infinity, logLevels });
}
