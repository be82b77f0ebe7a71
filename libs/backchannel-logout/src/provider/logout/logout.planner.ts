import {
  BackchannelLogoutError,
  isBackchannelLogoutError,
} from '../../common/backchannel-logout.error';
import { BackchannelLogoutErrorCode } from '../../common/backchannel-logout.messages';
import { BackchannelLogoutTargetPolicy } from '../../common/network/target-policy.interface';
import { parseBackchannelLogoutUri } from '../../common/registration/logout-uri.rules';
import { BackchannelLogoutClient } from '../clients/client-store.interface';
import { SessionParticipant } from '../sessions/session-registry.interface';
import { BoundedMemo } from './uri-check.memo';

/** Why a client of the session gets nothing and no delivery record. */
export type SkipReason = 'client_not_found' | 'no_backchannel_logout_uri';

/** A client that took part but is not notified. */
export interface SkippedClient {
  readonly clientId: string;
  readonly reason: SkipReason;
}

/** One Logout Token to send, or (with `failure`) one that cannot be sent and is recorded as failed. */
export interface PlannedDelivery {
  readonly clientId: string;
  readonly uri: string;
  readonly sub: string | null;
  readonly sid: string | null;
  readonly failure?: { readonly code: BackchannelLogoutErrorCode; readonly message: string };
}

export type LogoutScope = { readonly sid: string } | { readonly sub: string };

/**
 * Decide who gets which token (pure).
 * - sid logout: one token per client of that session, with `sub` and `sid`.
 * - sub logout: one sub-only token per client; a client with `backchannel_logout_session_required` gets one
 *   token per `sid` it took part in (BCL §2.2), or a recorded failure when no sid is known.
 * Clients that are gone, inactive or without a URI are skipped; a URI that breaks the registration rules
 * (BCL §2.2, target policy) becomes a recorded failure instead of a request.
 */
export function planLogout(
  scope: LogoutScope,
  participants: readonly SessionParticipant[],
  clients: readonly BackchannelLogoutClient[],
  policy: BackchannelLogoutTargetPolicy,
): { deliveries: PlannedDelivery[]; skipped: SkippedClient[] } {
  const byId = new Map(clients.map((c) => [c.clientId, c]));
  const rowsByClient = new Map<string, SessionParticipant[]>();
  for (const p of participants) {
    const rows = rowsByClient.get(p.clientId);
    if (rows) rows.push(p);
    else rowsByClient.set(p.clientId, [p]);
  }

  const deliveries: PlannedDelivery[] = [];
  const skipped: SkippedClient[] = [];
  for (const [clientId, rows] of rowsByClient) {
    const client = byId.get(clientId);
    if (!client) {
      skipped.push({ clientId, reason: 'client_not_found' });
      continue;
    }
    const uri = client.backchannelLogoutUri;
    if (!uri) {
      skipped.push({ clientId, reason: 'no_backchannel_logout_uri' });
      continue;
    }
    const uriFailure = checkUri(uri, policy);
    const sub = rows[0].sub;
    const tokens: Array<{ sub: string | null; sid: string | null }> = [];
    if ('sid' in scope) {
      tokens.push({ sub, sid: scope.sid });
    } else if (!client.backchannelLogoutSessionRequired) {
      tokens.push({ sub: scope.sub, sid: null });
    } else {
      const sids = [...new Set(rows.map((r) => r.sid).filter((s): s is string => !!s))];
      for (const sid of sids) tokens.push({ sub: scope.sub, sid });
      if (sids.length === 0) {
        const error = new BackchannelLogoutError('session_required_no_sid');
        deliveries.push({
          clientId,
          uri,
          sub: scope.sub,
          sid: null,
          failure: { code: error.code, message: error.message },
        });
      }
    }
    for (const t of tokens)
      deliveries.push({ clientId, uri, ...t, ...(uriFailure ? { failure: uriFailure } : {}) });
  }
  return { deliveries, skipped };
}

/** Distinct URIs remembered per policy: a logout of 1 000 RPs, with room to spare. */
const URI_CHECKS_REMEMBERED = 4096;
const uriChecks = new Map<string, BoundedMemo<PlannedDelivery['failure']>>();

/**
 * The registration rules' verdict on `uri`. It depends only on the string and the policy's two flags (no
 * DNS: that is checked at each attempt), and the same RPs' URIs come back logout after logout, so it is
 * remembered instead of parsing every URI of every logout again.
 */
export function checkUri(
  uri: string,
  policy: BackchannelLogoutTargetPolicy,
): PlannedDelivery['failure'] {
  const allowHttp = policy.allowHttp ?? false;
  const allowPrivateNetworks = policy.allowPrivateNetworks ?? false;
  const key = `${allowHttp}|${allowPrivateNetworks}`;
  let checks = uriChecks.get(key);
  if (!checks) {
    checks = new BoundedMemo(URI_CHECKS_REMEMBERED, (value) =>
      verdict(value, { allowHttp, allowPrivateNetworks }),
    );
    uriChecks.set(key, checks);
  }
  return checks.get(uri);
}

function verdict(uri: string, policy: BackchannelLogoutTargetPolicy): PlannedDelivery['failure'] {
  try {
    parseBackchannelLogoutUri(uri, policy);
    return undefined;
  } catch (err) {
    if (!isBackchannelLogoutError(err)) throw err;
    return { code: err.code, message: err.message };
  }
}
