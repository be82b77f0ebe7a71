import { ModuleRef } from '@nestjs/core';
import { Registry } from 'prom-client';
import type { DeliveryAttemptObservation } from '../common/observability/backchannel-logout-observer.interface';
import { BackchannelLogoutDeliveryState } from '../provider/delivery/delivery-state.interface';
import { BackchannelLogoutReceiverService } from '../receiver/logout/backchannel-logout-receiver.service';
import { BackchannelLogoutMetrics } from './backchannel-logout.metrics';

/** A ModuleRef that finds `present` tokens (as in an app with those modules) and nothing else. */
function moduleRefWith(present: Map<unknown, unknown>): ModuleRef {
  return {
    get: (token: unknown) => {
      if (!present.has(token)) throw new Error('not found');
      return present.get(token);
    },
  } as unknown as ModuleRef;
}

/** Both halves: the provider's delivery state (not connected: its gauges report it down) and the receiver. */
const bothHalves = moduleRefWith(
  new Map<unknown, unknown>([
    [
      BackchannelLogoutDeliveryState,
      { readQueue: () => Promise.resolve(null), readOpenDeliveries: () => Promise.resolve(null) },
    ],
    [BackchannelLogoutReceiverService, {}],
  ]),
);
const receiverOnly = moduleRefWith(
  new Map<unknown, unknown>([[BackchannelLogoutReceiverService, {}]]),
);

function attempt(overrides: Partial<DeliveryAttemptObservation>): DeliveryAttemptObservation {
  return {
    deliveryId: 'd1',
    logoutId: 'l1',
    clientId: 'rp-1',
    jti: 'j1',
    attempt: 1,
    outcome: 'delivered',
    errorCode: null,
    httpStatus: 200,
    durationMs: 20,
    createdAt: new Date(Date.now() - 1500),
    ...overrides,
  };
}

describe('BackchannelLogoutMetrics', () => {
  it('maps observations to counters and histograms, with an optional client label', async () => {
    const registry = new Registry();
    const metrics = new BackchannelLogoutMetrics({ registry, clientLabel: true }, bothHalves);
    metrics.onModuleInit();
    metrics.deliveryAttempted(attempt({}));
    metrics.deliveryAttempted(
      attempt({ outcome: 'retrying', errorCode: 'rp_timeout', httpStatus: null, clientId: 'rp-2' }),
    );
    metrics.deliveryAttempted(
      attempt({
        outcome: 'failed',
        errorCode: 'session_required_no_sid',
        attempt: 0,
        durationMs: 0,
      }),
    );
    metrics.deliveryAttempted(
      attempt({
        outcome: 'unconfirmed',
        errorCode: 'retransmission_refused',
        httpStatus: 400,
        attempt: 2,
        clientId: 'rp-3',
      }),
    );
    const text = await metrics.metrics();
    // Issue #8: a refused retransmission has its own label, apart from real failures.
    expect(text).toContain(
      'bcl_provider_deliveries_total{outcome="unconfirmed",error_code="retransmission_refused",client_id="rp-3"} 1',
    );
    expect(text).toContain(
      'bcl_provider_deliveries_total{outcome="delivered",error_code="",client_id="rp-1"} 1',
    );
    expect(text).toContain(
      'bcl_provider_deliveries_total{outcome="failed",error_code="session_required_no_sid",client_id="rp-1"} 1',
    );
    expect(text).toContain(
      'bcl_provider_delivery_retries_total{error_code="rp_timeout",client_id="rp-2"} 1',
    );
    // Nothing was sent for attempt 0: no duration observed for it.
    expect(text).toContain(
      'bcl_provider_delivery_attempt_duration_seconds_count{outcome="delivered"} 1',
    );
    expect(text).not.toContain(
      'bcl_provider_delivery_attempt_duration_seconds_count{outcome="failed"}',
    );
    expect(text).toMatch(/bcl_provider_delivery_latency_seconds_sum 1\.\d+/);
    expect(text).toContain('bcl_provider_delivery_latency_seconds_bucket{le="2.5"} 1');
    // No queue found, data source not connected: both reported down, with no made-up depth.
    expect(text).toContain('bcl_provider_queue_up 0');
    expect(text).toContain('bcl_provider_outbox_up 0');
    expect(text).not.toContain('bcl_provider_outbox_deliveries{');
    metrics.onModuleDestroy();
  });

  it('unregisters on shutdown, so the next app can register on the same registry', async () => {
    const registry = new Registry();
    const first = new BackchannelLogoutMetrics({ registry, prefix: 'x_' }, receiverOnly);
    first.onModuleInit();
    expect(registry.getSingleMetric('x_receiver_logout_tokens_total')).toBeDefined();
    expect(registry.getSingleMetric('x_provider_deliveries_total')).toBeUndefined();
    const clash = new BackchannelLogoutMetrics({ registry, prefix: 'x_' }, receiverOnly);
    expect(() => clash.onModuleInit()).toThrow(/already been registered/);
    first.onModuleDestroy();
    expect(registry.getMetricsAsArray()).toHaveLength(0);
    const second = new BackchannelLogoutMetrics({ registry, prefix: 'x_' }, receiverOnly);
    second.onModuleInit();
    second.logoutTokenReceived({
      outcome: 'rejected',
      errorCode: 'token_replayed',
      sessionsEnded: 0,
    });
    expect(await registry.metrics()).toContain(
      'x_receiver_logout_tokens_total{outcome="rejected",error_code="token_replayed"} 1',
    );
    second.onModuleDestroy();
  });
});
