import type { Counter, Registry } from 'prom-client';
import type { LogoutTokenObservation } from '../common/observability/backchannel-logout-observer.interface';
import { loadPromClient } from './prom-client.loader';

/** The receiver's counters, fed by endpoint observations. */
export class ReceiverTokenMetrics {
  readonly metrics: ReadonlyArray<Counter<string>>;
  private readonly tokens: Counter<'outcome' | 'error_code'>;
  private readonly sessionsEnded: Counter;

  constructor(registry: Registry, prefix: string) {
    const { Counter } = loadPromClient();
    const registers = [registry];
    this.tokens = new Counter({
      name: `${prefix}receiver_logout_tokens_total`,
      help: 'Requests at the back-channel logout endpoint, by outcome (accepted, rejected) and error code',
      labelNames: ['outcome', 'error_code'],
      registers,
    });
    this.sessionsEnded = new Counter({
      name: `${prefix}receiver_sessions_ended_total`,
      help: 'Local sessions ended by accepted Logout Tokens',
      registers,
    });
    this.metrics = [this.tokens, this.sessionsEnded];
  }

  observe(o: LogoutTokenObservation): void {
    this.tokens.inc({ outcome: o.outcome, error_code: o.errorCode ?? '' });
    if (o.sessionsEnded > 0) this.sessionsEnded.inc(o.sessionsEnded);
  }
}
