import { Injectable } from '@nestjs/common';
import {
  BackchannelLogoutAuditService,
  BackchannelLogoutService,
  isBackchannelLogoutError,
} from 'nestjs-backchannel-logout';
import { AdminFlash } from './admin-session-data';

const WAIT_MS = 5000;

/** "Send test logout": a real signed logout token for a test subject, and its outcome in words. */
@Injectable()
export class TestLogoutService {
  constructor(
    private readonly audit: BackchannelLogoutAuditService,
    private readonly backchannel: BackchannelLogoutService,
  ) {}

  async send(clientId: string): Promise<AdminFlash> {
    let logoutId: string;
    try {
      ({ logoutId } = await this.audit.sendTestLogout(clientId));
    } catch (err) {
      if (!isBackchannelLogoutError(err)) throw err;
      return { kind: 'bad', text: `Test logout to ${clientId} not sent: ${err.message}` };
    }
    const { deliveries, settled } = await this.backchannel.waitForDeliveries(logoutId, WAIT_MS);
    const d = deliveries[0];
    if (!d) return { kind: 'bad', text: `Test logout to ${clientId}: no delivery was created.` };
    if (d.status === 'delivered') {
      return {
        kind: 'ok',
        text: `Test logout to ${clientId} delivered: the RP answered HTTP ${d.lastHttpStatus}.`,
      };
    }
    const why = d.errorMessage ? `: ${d.errorMessage}` : '';
    if (d.status === 'unconfirmed') {
      return {
        kind: 'bad',
        text: `Test logout to ${clientId} unconfirmed (HTTP ${d.lastHttpStatus})${why}.`,
      };
    }
    if (!settled) {
      return {
        kind: 'bad',
        text: `Test logout to ${clientId} is still ${d.status} after ${WAIT_MS / 1000} s (attempt ${d.attempts})${why}. See Deliveries.`,
      };
    }
    return {
      kind: 'bad',
      text: `Test logout to ${clientId} failed${d.lastHttpStatus ? ` (HTTP ${d.lastHttpStatus})` : ''}${why}.`,
    };
  }
}
