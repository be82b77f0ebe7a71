import {
  BackchannelLogoutSessionRegistry,
  SessionParticipant,
} from '../provider/sessions/session-registry.interface';

/**
 * {@link BackchannelLogoutSessionRegistry} for node-oidc-provider. node-oidc-provider keeps the sessions
 * (`session.authorizations`, `session.sidFor(clientId)`); this registry only hands the (sid, sub, client)
 * it announces for one logout over to the library's logout call, which reads and then removes it. Nothing
 * is recorded at ID Token issuance, and nothing outlives the logout call.
 */
export class OidcProviderSessionRegistry implements BackchannelLogoutSessionRegistry {
  private readonly announced: SessionParticipant[] = [];

  /** Announce one participant of a logout (idempotent per sid, sub and client). */
  record(participant: SessionParticipant): Promise<void> {
    const same = this.announced.some(
      (p) =>
        p.sid === participant.sid &&
        p.sub === participant.sub &&
        p.clientId === participant.clientId,
    );
    if (!same) this.announced.push({ ...participant });
    return Promise.resolve();
  }

  findBySid(sid: string): Promise<SessionParticipant[]> {
    return Promise.resolve(this.announced.filter((p) => p.sid === sid));
  }

  /**
   * Only the sid-less announcements of `sub` (a session node-oidc-provider knows no sid of): a concurrent
   * announcement with a sid belongs to its own logout call and is not taken over.
   */
  findBySub(sub: string): Promise<SessionParticipant[]> {
    return Promise.resolve(this.announced.filter((p) => p.sub === sub && p.sid === null));
  }

  removeBySid(sid: string): Promise<void> {
    return this.remove((p) => p.sid === sid);
  }

  removeBySub(sub: string): Promise<void> {
    return this.remove((p) => p.sub === sub && p.sid === null);
  }

  private remove(match: (p: SessionParticipant) => boolean): Promise<void> {
    for (let i = this.announced.length - 1; i >= 0; i--) {
      if (match(this.announced[i])) this.announced.splice(i, 1);
    }
    return Promise.resolve();
  }
}
