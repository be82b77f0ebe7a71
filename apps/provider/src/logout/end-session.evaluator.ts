import { Injectable } from '@nestjs/common';
import { ClientService } from '../clients/client.service';
import { CurrentSession } from '../sessions/current-session.service';
import { OpSessionService } from '../sessions/op-session.service';
import { readParam } from '../web/request-params';
import { withParams } from '../web/url.util';
import { EndSessionDecision, EndSessionParams } from './end-session.plan';
import { IdTokenHintVerifier } from './id-token-hint.verifier';

/** Applies the RP-Initiated Logout 1.0 rules (RPIL §2–§4) to a request and the browser's session. */
@Injectable()
export class EndSessionEvaluator {
  constructor(
    private readonly hints: IdTokenHintVerifier,
    private readonly clients: ClientService,
    private readonly sessions: OpSessionService,
  ) {}

  readParams(source: unknown): EndSessionParams {
    return {
      id_token_hint: readParam(source, 'id_token_hint'),
      client_id: readParam(source, 'client_id'),
      post_logout_redirect_uri: readParam(source, 'post_logout_redirect_uri'),
      state: readParam(source, 'state'),
    };
  }

  async evaluate(
    params: EndSessionParams,
    current: CurrentSession | null,
  ): Promise<EndSessionDecision> {
    const error = (message: string): EndSessionDecision => ({ kind: 'error', message });
    const hint = params.id_token_hint ? await this.hints.verify(params.id_token_hint) : null;
    if (params.id_token_hint && !hint) {
      return error('The id_token_hint is not an ID token issued by this provider.');
    }
    if (hint && params.client_id && !hint.aud.includes(params.client_id)) {
      return error('The client_id does not match the audience of the id_token_hint.');
    }
    const clientId = params.client_id ?? (hint?.aud.length === 1 ? hint.aud[0] : undefined);
    const client = clientId ? await this.clients.findActive(clientId) : null;
    if (params.client_id && !client)
      return error(`The client "${params.client_id}" is not registered here.`);

    let redirect: string | undefined;
    if (params.post_logout_redirect_uri) {
      if (!client) {
        return error(
          'A post_logout_redirect_uri needs an id_token_hint or client_id naming the client.',
        );
      }
      if (!client.postLogoutRedirectUris.includes(params.post_logout_redirect_uri)) {
        return error(
          'The post_logout_redirect_uri is not registered for this client (it must match exactly).',
        );
      }
      // RPIL §3: without a valid id_token_hint there is no post-logout redirection.
      if (hint) redirect = withParams(params.post_logout_redirect_uri, { state: params.state });
    }

    const base = { clientId: client?.clientId, redirect };
    if (hint && current && hint.sid === current.session.sid && hint.sub === current.user.id) {
      return {
        kind: 'plan',
        params,
        plan: { ...base, sid: current.session.sid, needsConfirmation: false },
      };
    }
    if (current) {
      return {
        kind: 'plan',
        params,
        plan: { ...base, sid: current.session.sid, needsConfirmation: true },
      };
    }
    // No session in this browser: end the hint's session if it still lives (after confirmation),
    // otherwise there is nothing left to do, which is not an error (RPIL §4).
    if (hint?.sid && (await this.sessions.isActive(hint.sid))) {
      return { kind: 'plan', params, plan: { ...base, sid: hint.sid, needsConfirmation: true } };
    }
    return { kind: 'plan', params, plan: { ...base, needsConfirmation: false } };
  }
}
