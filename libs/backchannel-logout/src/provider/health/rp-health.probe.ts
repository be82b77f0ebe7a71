import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { parseBackchannelLogoutUri } from '../../common/registration/logout-uri.rules';
import { resolveCheckedTarget } from '../../common/network/target-resolver.util';
import { BACKCHANNEL_LOGOUT_CONFIG, BackchannelLogoutConfig } from '../backchannel-logout.config';
import { sendLogoutRequest } from '../delivery/logout-request.sender';
import { RpHealthService } from './rp-health.service';
import { RpHealthStore } from './rp-health.store';

/**
 * The slow probe of paused RPs (worker processes, every `health.probeIntervalMs`, one process per RP per
 * round). It POSTs an empty `logout_token` to the RP's URI: an RP that is up answers (BCL §2.8: 400 for an
 * invalid request), which resumes it; no answer, a 5xx or a 429 leaves it paused. No token is ever sent.
 * Stopped by the module's shutdown order (`QueueShutdownLifecycle`), before the queue's Redis closes.
 */
@Injectable()
export class RpHealthProbe implements OnApplicationBootstrap {
  private readonly logger = new Logger('BackchannelLogout');
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | null = null;

  constructor(
    @Inject(BACKCHANNEL_LOGOUT_CONFIG) private readonly config: BackchannelLogoutConfig,
    private readonly store: RpHealthStore,
    private readonly health: RpHealthService,
  ) {}

  onApplicationBootstrap(): void {
    const every = this.config.health.probeIntervalMs;
    if (!this.config.worker || every === 0) return;
    this.timer = setInterval(() => {
      this.running ??= this.probeAll().finally(() => (this.running = null));
    }, every);
    this.timer.unref();
  }

  /** Shutdown: no new round; resolves once the round in progress (if any) is over. */
  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.running;
  }

  /** One round: probe every paused RP whose lock this process takes. */
  async probeAll(): Promise<void> {
    if (this.store.isOffline()) return;
    try {
      // In parallel: one hung RP's probe must not hold up another's.
      await Promise.all((await this.store.unhealthy()).map((clientId) => this.probe(clientId)));
    } catch (err) {
      this.logger.warn(`RP health probe failed: ${(err as Error).message}`);
    }
  }

  private async probe(clientId: string): Promise<void> {
    if ((await this.store.state(clientId)) !== 'paused') return;
    if (!(await this.store.lockProbe(clientId, this.config.health.probeIntervalMs))) return;
    if (await this.answers(clientId)) await this.health.resumeBy(clientId, 'probe');
  }

  private async answers(clientId: string): Promise<boolean> {
    const uri = await this.store.uri(clientId);
    if (!uri) return false;
    const policy = this.config.targetPolicy;
    const { timeoutMs, userAgent } = this.config.delivery;
    try {
      const target = await resolveCheckedTarget(parseBackchannelLogoutUri(uri, policy), policy);
      const response = await sendLogoutRequest(target, '', {
        timeoutMs,
        maxResponseBytes: 0,
        userAgent,
        allowPrivateNetworks: policy.allowPrivateNetworks,
      });
      return response.status < 500 && response.status !== 429;
    } catch {
      return false;
    }
  }
}
