import { EventEmitter2 } from '@nestjs/event-emitter';
import { decodeJwt } from 'jose';
import {
  BACKCHANNEL_LOGOUT_EVENT_NAMES,
  BackchannelLogoutService,
  generateSid,
  LogoutDeliveryFailedEvent,
  LogoutDeliverySucceededEvent,
} from 'nestjs-backchannel-logout';
import { addClients, FixtureOp } from '../fixtures/fixture-op.app';
import { CapturedRequest } from './capturing-rp';

let counter = 0;
/** A client id unique within the test file. */
export function clientId(label: string): string {
  counter += 1;
  return `${label}-${counter}`;
}

/** Register clients and record them all in one fresh OP session of `sub`; returns the sid. */
export async function sessionOf(
  op: FixtureOp,
  clients: Array<{ clientId: string; uri: string | null; sessionRequired?: boolean }>,
  sub = 'user-1',
): Promise<string> {
  await addClients(
    op.dataSource,
    clients.map((c) => ({
      clientId: c.clientId,
      backchannelLogoutUri: c.uri,
      backchannelLogoutSessionRequired: c.sessionRequired ?? false,
    })),
  );
  const sid = generateSid();
  const bcl = op.get(BackchannelLogoutService);
  for (const c of clients) await bcl.recordIdTokenIssued({ sid, sub, clientId: c.clientId });
  return sid;
}

/** The logout token a captured request carried. */
export function tokenOf(request: CapturedRequest): string {
  return new URLSearchParams(request.body).get('logout_token')!;
}

/** The claims of a captured request's token (not verified; see the wire-format test for that). */
export function claimsOf(request: CapturedRequest): Record<string, unknown> {
  return decodeJwt(tokenOf(request));
}

/** Collects the module's delivery events. */
export function recordDeliveryEvents(op: FixtureOp): {
  succeeded: LogoutDeliverySucceededEvent[];
  failed: LogoutDeliveryFailedEvent[];
} {
  const events = {
    succeeded: [] as LogoutDeliverySucceededEvent[],
    failed: [] as LogoutDeliveryFailedEvent[],
  };
  const emitter = op.app.get(EventEmitter2);
  emitter.on(BACKCHANNEL_LOGOUT_EVENT_NAMES.deliverySucceeded, (e: LogoutDeliverySucceededEvent) =>
    events.succeeded.push(e),
  );
  emitter.on(BACKCHANNEL_LOGOUT_EVENT_NAMES.deliveryFailed, (e: LogoutDeliveryFailedEvent) =>
    events.failed.push(e),
  );
  return events;
}
