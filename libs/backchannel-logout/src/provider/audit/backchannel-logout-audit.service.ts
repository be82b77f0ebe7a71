import { Injectable } from '@nestjs/common';
import { BackchannelLogoutError } from '../../common/backchannel-logout.error';
import { toDeliveryRecord } from '../delivery/delivery-query.util';
import { DeliveryQueueGateway } from '../delivery/delivery-queue.gateway';
import { DeliveryOutbox } from '../delivery/delivery.outbox';
import { DeliveryRepository } from '../delivery/delivery.repository';
import { BackchannelLogoutResult } from '../logout/logout-result.interface';
import { LogoutPipeline } from '../logout/logout.pipeline';
import { generateSid } from '../sessions/sid.generator';
import {
  LogoutDeliveryPage,
  LogoutDeliveryQuery,
  LogoutDeliveryRecord,
} from './delivery-audit.interface';

/** The audit trail of deliveries: list and filter, retry a failed one, send a test logout. */
@Injectable()
export class BackchannelLogoutAuditService {
  constructor(
    private readonly deliveries: DeliveryRepository,
    private readonly queue: DeliveryQueueGateway,
    private readonly outbox: DeliveryOutbox,
    private readonly pipeline: LogoutPipeline,
  ) {}

  /** Deliveries matching `query`, newest first, one page at a time. */
  list(query: LogoutDeliveryQuery = {}): Promise<LogoutDeliveryPage> {
    return this.deliveries.page(query);
  }

  /** One delivery, or `null`. */
  async get(id: string): Promise<LogoutDeliveryRecord | null> {
    const row = await this.deliveries.findById(id);
    return row ? toDeliveryRecord(row) : null;
  }

  /**
   * Send a failed delivery again, to the client's current `backchannel_logout_uri`: a new cycle of attempts
   * with the same `jti` and the original logout time as `iat` (with a fresh `exp`). Throws
   * `delivery_not_found`, `delivery_not_retryable` (not failed, or no sid for a session-required client),
   * `client_not_found` or `client_uri_invalid`.
   */
  async retry(id: string): Promise<LogoutDeliveryRecord> {
    const row = await this.deliveries.findById(id);
    if (!row) throw BackchannelLogoutError.of('delivery_not_found', id);
    if (row.status !== 'failed') {
      throw BackchannelLogoutError.of('delivery_not_retryable', `it is ${row.status}`);
    }
    if (row.errorCode === 'session_required_no_sid') {
      throw BackchannelLogoutError.of(
        'delivery_not_retryable',
        'no sid is known for this session-required client',
      );
    }
    // The client's current registration: an administrator may have fixed its URI since.
    const [client] = await this.pipeline.findClients([row.clientId]);
    if (!client) throw BackchannelLogoutError.of('client_not_found', row.clientId);
    if (!client.backchannelLogoutUri) {
      throw BackchannelLogoutError.of(
        'client_uri_invalid',
        'the client has no backchannel_logout_uri any more',
      );
    }
    // The finished Bull job still holds this id; remove it so the new job is not taken for a duplicate.
    await this.queue.remove(id);
    await this.deliveries.resetForRetry(id, client.backchannelLogoutUri);
    await this.outbox.enqueue([id]);
    return toDeliveryRecord((await this.deliveries.findById(id))!);
  }

  /**
   * Send a real Logout Token to one client (reason `test`), for an admin's "send test logout" button. It
   * carries `sub` (default `backchannel-logout-test`) and, for a session-required client, a fresh random
   * `sid`, so no real session matches; BCL §2.7 says the RP then answers 200 all the same.
   */
  async sendTestLogout(
    clientId: string,
    options: { sub?: string } = {},
  ): Promise<BackchannelLogoutResult> {
    const sub = options.sub ?? 'backchannel-logout-test';
    // Through the logout pipeline as a user logout of one session: the sid goes only to a
    // session-required client.
    const result = await this.pipeline.run({ sub }, [{ sid: generateSid(), sub, clientId }], {
      reason: 'test',
      initiatingClientId: null,
    });
    const skipped = result.skipped[0]?.reason;
    if (skipped === 'client_not_found')
      throw BackchannelLogoutError.of('client_not_found', clientId);
    if (skipped === 'no_backchannel_logout_uri')
      throw BackchannelLogoutError.of(
        'client_uri_invalid',
        'the client has no backchannel_logout_uri',
      );
    return result;
  }
}
