/**
 * The parts of node-oidc-provider 9 (`oidc-provider`) this integration touches, typed structurally so the
 * library never loads `oidc-provider` itself: the host passes its own `Provider` instance.
 */

/** A client of node-oidc-provider (`provider.Client` instance), as far as back-channel logout needs it. */
export interface OidcProviderClient {
  readonly clientId: string;
  /** Client metadata `backchannel_logout_uri` (BCL §2.2). */
  readonly backchannelLogoutUri?: string;
  /** Client metadata `backchannel_logout_session_required` (BCL §2.2). */
  readonly backchannelLogoutSessionRequired?: boolean;
  /** `id_token_signed_response_alg`; node-oidc-provider signs its logout tokens with it. */
  readonly idTokenSignedResponseAlg?: string;
  backchannelLogout(sub: string, sid: string | undefined): Promise<void>;
}

/** `provider.IdToken`: used only to compute the `sub` node-oidc-provider would put in a token (pairwise). */
export interface OidcProviderIdToken {
  mask?: Record<string, unknown>;
  payload(): Promise<Record<string, unknown>>;
}

/** The node-oidc-provider `Provider` instance of the host. */
export interface OidcProviderInstance {
  /** The Issuer Identifier (`iss` of its ID Tokens). */
  readonly issuer: string;
  readonly Client: {
    find(clientId: string): Promise<OidcProviderClient | undefined>;
    readonly prototype: OidcProviderClient;
  };
  readonly IdToken: new (
    claims: Record<string, unknown>,
    options: { client: OidcProviderClient; ctx?: undefined },
  ) => OidcProviderIdToken;
}

/**
 * A node-oidc-provider session (a `provider.Session` instance, or the payload its adapter stores): whose
 * session it is and, per client, the `sid` that client received.
 */
export interface OidcProviderSessionLike {
  readonly accountId?: string;
  readonly authorizations?: Readonly<
    Record<string, { readonly sid?: string; readonly grantId?: string } | undefined>
  >;
}
