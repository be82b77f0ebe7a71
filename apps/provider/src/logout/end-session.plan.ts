/** The parameters of an RP-Initiated Logout request (RPIL §2), carried through the confirmation form. */
export interface EndSessionParams {
  id_token_hint?: string;
  client_id?: string;
  post_logout_redirect_uri?: string;
  state?: string;
}

/** What a valid end-session request leads to. */
export interface EndSessionPlan {
  /** The OP session to end, if there is one (logout is idempotent, RPIL §4). */
  sid?: string;
  clientId?: string;
  /** Only with a valid id_token_hint and an exactly registered URI (RPIL §3); `state` included. */
  redirect?: string;
  /** RPIL §2: MUST ask without a valid hint, or when the hint is not about this browser's session. */
  needsConfirmation: boolean;
}

export type EndSessionDecision =
  | { kind: 'error'; message: string }
  | { kind: 'plan'; params: EndSessionParams; plan: EndSessionPlan };
