import { Inject, Injectable } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { BackchannelLogoutError } from '../../common/backchannel-logout.error';
import { RECEIVER_CONFIG, type ResolvedReceiverConfig } from '../receiver-config';
import type { VerifiedLogoutToken } from '../token/verified-logout-token.interface';
import {
  DOWNSTREAM_LOGOUT_REASON,
  type DownstreamLogoutNotifier,
  type DownstreamLogoutNotifierOptions,
} from './downstream-logout.interface';

/**
 * BCL §2.7, RP that is also an OP: after the local logout, ask this app's own OP side to log its RPs out.
 * The notifier is resolved lazily through ModuleRef (non-strict), so the receiver never imports provider code.
 * Mapping: a `sub`-only token → `logoutUser({ sub })`; a `sid` token → `logoutSession({ sid })` for each ended
 * local session that is also an OP session — never widened to the whole user.
 */
@Injectable()
export class DownstreamLogoutPropagator {
  private notifier: DownstreamLogoutNotifier | undefined;

  constructor(
    @Inject(RECEIVER_CONFIG) private readonly config: ResolvedReceiverConfig,
    private readonly moduleRef: ModuleRef,
  ) {}

  async propagate(token: VerifiedLogoutToken, endedSessionIds: readonly string[]): Promise<void> {
    const option = this.config.options.downstream;
    if (!option) return;
    try {
      if (typeof option === 'function') await option(token, endedSessionIds);
      else await this.notify(option, token, endedSessionIds);
    } catch (cause) {
      throw BackchannelLogoutError.of('downstream_logout_failed', undefined, cause);
    }
  }

  private async notify(
    option: DownstreamLogoutNotifierOptions,
    token: VerifiedLogoutToken,
    endedSessionIds: readonly string[],
  ): Promise<void> {
    const notifier = this.resolve(option);
    if (token.sid === undefined) {
      const sub = option.userIdFor ? await option.userIdFor(token) : token.sub;
      // The original logout time travels on, so the "authenticated before" guard holds downstream too.
      if (sub !== undefined) {
        await notifier.logoutUser({
          sub,
          reason: DOWNSTREAM_LOGOUT_REASON,
          loggedOutAt: token.iat,
        });
      }
      return;
    }
    for (const sessionId of endedSessionIds) {
      const sid = option.sidForSession ? await option.sidForSession(sessionId) : sessionId;
      if (sid !== undefined)
        await notifier.logoutSession({ sid, reason: DOWNSTREAM_LOGOUT_REASON });
    }
  }

  private resolve(option: DownstreamLogoutNotifierOptions): DownstreamLogoutNotifier {
    if (this.notifier) return this.notifier;
    const { notifier } = option;
    this.notifier = isNotifier(notifier)
      ? notifier
      : this.moduleRef.get<DownstreamLogoutNotifier>(notifier, { strict: false });
    return this.notifier;
  }
}

function isNotifier(value: unknown): value is DownstreamLogoutNotifier {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as DownstreamLogoutNotifier).logoutUser === 'function' &&
    typeof (value as DownstreamLogoutNotifier).logoutSession === 'function'
  );
}
