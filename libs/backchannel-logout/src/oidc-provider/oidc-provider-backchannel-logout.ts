import { Logger } from '@nestjs/common';
import { BackchannelLogoutError } from '../common/backchannel-logout.error';
import {
  BACKCHANNEL_LOGOUT_MESSAGES,
  BackchannelLogoutErrorCode,
} from '../common/backchannel-logout.messages';
import { BackchannelLogoutModuleOptions } from '../provider/backchannel-logout-options.interface';
import { BackchannelLogoutService } from '../provider/logout/backchannel-logout.service';
import { BackchannelLogoutResult } from '../provider/logout/logout-result.interface';
import { LogoutTokenAlgorithm } from '../provider/token/signing-key.interface';
import { OidcProviderClientStore } from './oidc-provider-client.store';
import {
  OidcProviderLogoutBatcher,
  OidcProviderLogoutOutcome,
} from './oidc-provider-logout.batcher';
import { OidcProviderSessionRegistry } from './oidc-provider-session.registry';
import { OidcProviderPrivateJwk, oidcProviderSigningKey } from './oidc-provider-signing-key';
import {
  OidcProviderClient,
  OidcProviderInstance,
  OidcProviderSessionLike,
} from './oidc-provider.types';

/** Options of {@link OidcProviderBackchannelLogout}. */
export interface OidcProviderBackchannelLogoutOptions {
  /** The private JWKS the host passes to `new Provider(issuer, { jwks })`. */
  readonly jwks: { readonly keys: readonly OidcProviderPrivateJwk[] };
  /** The ID Token algorithm (`clientDefaults.id_token_signed_response_alg`). Default `RS256`. */
  readonly alg?: LogoutTokenAlgorithm;
  /**
   * How long node-oidc-provider's end_session waits for the RPs' outcomes, in ms (one bounded wait for all
   * of them, so this bounds the whole request). Default 0: return once the deliveries are stored and
   * enqueued. Deliveries not settled by then go on (retries included) after the response.
   */
  readonly waitMs?: number;
  /** Audit reason of the logouts node-oidc-provider's end_session asks for. Default `end_session`. */
  readonly reason?: string;
}

/** The library's module options that come from node-oidc-provider. */
export type OidcProviderModuleOptions = Pick<
  BackchannelLogoutModuleOptions,
  'issuer' | 'signingKey' | 'clients' | 'sessions'
>;

/**
 * Sends node-oidc-provider's back-channel logouts through this library (outbox, Bull queue, retries,
 * target policy, audit, metrics). node-oidc-provider still decides who is notified and with which `sid`
 * (its end_session calls `client.backchannelLogout(accountId, session.sidFor(clientId))` per client); this
 * replaces that method on `provider.Client.prototype` so each call stores and enqueues one delivery for
 * exactly that client, `sub` and `sid`, and returns without waiting for the RP. The calls end_session makes
 * in one turn are stored as one logout (one commit, one enqueue, one bounded wait).
 *
 * @example
 * const bridge = new OidcProviderBackchannelLogout(provider, { jwks, waitMs: 1000 });
 * BackchannelLogoutModule.forRoot({ ...bridge.moduleOptions(), delivery: { timeoutMs: 5000 } });
 * // once the Nest app is initialised:
 * bridge.attach(app.get(BackchannelLogoutService));
 */
export class OidcProviderBackchannelLogout {
  private readonly logger = new Logger('BackchannelLogout');
  private readonly clients: OidcProviderClientStore;
  private readonly sessions = new OidcProviderSessionRegistry();
  private readonly alg: LogoutTokenAlgorithm;
  private readonly warnedAlg = new Set<string>();
  private readonly batcher = new OidcProviderLogoutBatcher(() => this.attached(), this.sessions);
  private service?: BackchannelLogoutService;
  private original?: OidcProviderClient['backchannelLogout'];

  constructor(
    private readonly provider: OidcProviderInstance,
    private readonly options: OidcProviderBackchannelLogoutOptions,
  ) {
    this.clients = new OidcProviderClientStore(provider);
    this.alg = options.alg ?? 'RS256';
  }

  /** `issuer`, `signingKey`, `clients` and `sessions` for `BackchannelLogoutModule.forRoot(...)`. */
  moduleOptions(): OidcProviderModuleOptions {
    return {
      issuer: this.provider.issuer,
      signingKey: oidcProviderSigningKey(this.options.jwks, this.alg),
      clients: this.clients,
      sessions: this.sessions,
    };
  }

  /** Route node-oidc-provider's back-channel logouts through `service` (the module built from {@link moduleOptions}). */
  attach(service: BackchannelLogoutService): void {
    if (this.original)
      throw BackchannelLogoutError.of('invalid_options', 'this provider is already attached');
    this.service = service;
    const proto = this.provider.Client.prototype;
    this.original = proto.backchannelLogout;
    // eslint-disable-next-line @typescript-eslint/no-this-alias -- `this` inside is node-oidc-provider's client
    const bridge = this;
    proto.backchannelLogout = function backchannelLogout(this: OidcProviderClient, sub, sid) {
      return bridge.fromEndSession(this, sub, sid);
    };
  }

  /** Give node-oidc-provider its own delivery back (e.g. on shutdown). */
  detach(): void {
    if (!this.original) return;
    this.provider.Client.prototype.backchannelLogout = this.original;
    this.original = undefined;
  }

  /**
   * Notify one client that its session of `accountId` ended (a grant revoked by the host's admin code, a
   * session that expired): the same delivery end_session would make, with `sub` as node-oidc-provider would
   * send it (pairwise if the client uses pairwise subjects) and the client's `sid`.
   */
  async notifyClient(
    client: OidcProviderClient | string,
    accountId: string,
    sid: string | undefined,
    reason = 'grant_revoked',
  ): Promise<BackchannelLogoutResult> {
    if (typeof client === 'string') {
      const found = await this.clients.findClient(client);
      if (!found) throw BackchannelLogoutError.of('client_not_found', client);
      return (await this.announce(found, accountId, sid, reason)).result;
    }
    return (await this.announce(client, accountId, sid, reason)).result;
  }

  /**
   * Notify every client of a node-oidc-provider session that ended without its end_session (revoked by the
   * host, or expired where its adapter shows the stored session): one delivery per client that has a
   * `backchannel_logout_uri`, each with the `sid` that client received, stored together as one logout
   * (each result holds that client's deliveries).
   *
   * @example
   * const session = await provider.Session.adapter.find(id); // before destroying it
   * await bridge.notifySessionEnd(session, 'admin_revoke');
   */
  async notifySessionEnd(
    session: OidcProviderSessionLike,
    reason = 'session_ended',
  ): Promise<BackchannelLogoutResult[]> {
    const { accountId, authorizations = {} } = session;
    if (!accountId) return [];
    const entries = Object.entries(authorizations);
    const clients = await Promise.all(entries.map(([id]) => this.clients.findClient(id)));
    // Announced in one turn: one logout for the whole session.
    const announced = entries.flatMap(([, authorization], i) => {
      const client = clients[i];
      return client?.backchannelLogoutUri
        ? [this.announce(client, accountId, authorization?.sid, reason)]
        : [];
    });
    return (await Promise.all(announced)).map((o) => o.result);
  }

  private async fromEndSession(
    client: OidcProviderClient,
    accountId: string,
    sid: string | undefined,
  ): Promise<void> {
    const { result, wait } = await this.announce(
      client,
      accountId,
      sid,
      this.options.reason ?? 'end_session',
    );
    const waitMs = this.options.waitMs ?? 0;
    const outcomes = waitMs > 0 ? await wait(waitMs) : result.deliveries;
    // node-oidc-provider turns a rejection into its `backchannel.error` event; an RP still being retried
    // is not an error yet, so only a delivery already failed for good (or never created) rejects.
    const failed = outcomes.find((d) => d.status === 'failed');
    if (failed) throw toError(failed.errorCode, `client ${client.clientId}`);
    if (result.skipped.length > 0) throw toError(result.skipped[0].reason, client.clientId);
  }

  /** Store one client's delivery, with the other calls of this account made in the same turn. */
  private announce(
    client: OidcProviderClient,
    accountId: string,
    sid: string | undefined,
    reason: string,
  ): Promise<OidcProviderLogoutOutcome> {
    this.attached();
    this.warnOnAlg(client);
    const sub = this.subjectFor(client, accountId);
    return this.batcher.logout(
      { clientId: client.clientId, accountId, sub, sid: sid ?? null },
      reason,
    );
  }

  /** The `sub` node-oidc-provider puts in this client's tokens: its IdToken claims (pairwise when configured). */
  private async subjectFor(client: OidcProviderClient, accountId: string): Promise<string> {
    const token = new this.provider.IdToken({ sub: accountId }, { client, ctx: undefined });
    token.mask = { sub: null };
    const { sub } = await token.payload();
    return typeof sub === 'string' && sub ? sub : accountId;
  }

  private warnOnAlg(client: OidcProviderClient): void {
    const alg = client.idTokenSignedResponseAlg;
    if (!alg || alg === this.alg || this.warnedAlg.has(client.clientId)) return;
    this.warnedAlg.add(client.clientId);
    this.logger.warn(
      `client ${client.clientId} registered id_token_signed_response_alg ${alg}; its logout tokens are signed with ${this.alg}`,
    );
  }

  private attached(): BackchannelLogoutService {
    if (!this.service)
      throw BackchannelLogoutError.of('invalid_options', 'call attach(service) first');
    return this.service;
  }
}

function toError(code: string | null, detail: string): BackchannelLogoutError {
  const known = code && code in BACKCHANNEL_LOGOUT_MESSAGES;
  return BackchannelLogoutError.of(
    known ? (code as BackchannelLogoutErrorCode) : 'rp_rejected',
    detail,
  );
}
