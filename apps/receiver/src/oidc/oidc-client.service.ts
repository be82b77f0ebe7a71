import { Injectable, Logger } from '@nestjs/common';
import * as oidc from 'openid-client';
import { postLogoutRedirectUriOf, ReceiverConfig, redirectUriOf } from '../config/receiver-config';
import { InjectReceiverConfig } from '../config/receiver-config.token';

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

export interface LoginChecks {
  state: string;
  nonce: string;
  codeVerifier: string;
}

export interface SignedIn {
  iss: string;
  sub: string;
  sid?: string;
  name?: string;
  idToken: string;
  /** ID token `iat`, seconds. */
  iat: number;
}

/**
 * The RP side of OpenID Connect through openid-client 6: discovery, code flow with PKCE S256 and
 * nonce, RP-Initiated Logout URL. Discovery is lazy and retried, so the RP may start before the OP.
 */
@Injectable()
export class OidcClientService {
  private readonly logger = new Logger('OidcClient');
  private configuration?: Promise<oidc.Configuration>;

  constructor(@InjectReceiverConfig() private readonly config: ReceiverConfig) {}

  async authorizationUrl(checks: LoginChecks): Promise<URL> {
    const configuration = await this.discover();
    return oidc.buildAuthorizationUrl(configuration, {
      redirect_uri: redirectUriOf(this.config),
      scope: 'openid profile email',
      state: checks.state,
      nonce: checks.nonce,
      code_challenge: await oidc.calculatePKCECodeChallenge(checks.codeVerifier),
      code_challenge_method: 'S256',
    });
  }

  /** Validates the callback (state, iss, code, PKCE, ID token, nonce) and returns who signed in. */
  async completeLogin(callbackUrl: URL, checks: LoginChecks): Promise<SignedIn> {
    const configuration = await this.discover();
    const tokens = await oidc.authorizationCodeGrant(configuration, callbackUrl, {
      pkceCodeVerifier: checks.codeVerifier,
      expectedState: checks.state,
      expectedNonce: checks.nonce,
      idTokenExpected: true,
    });
    const claims = tokens.claims();
    if (!claims || !tokens.id_token) throw new Error('the provider returned no ID token');
    return {
      iss: claims.iss,
      sub: claims.sub,
      sid: typeof claims.sid === 'string' ? claims.sid : undefined,
      name: typeof claims.name === 'string' ? claims.name : undefined,
      idToken: tokens.id_token,
      iat: claims.iat,
    };
  }

  /** RPIL §2: id_token_hint, post_logout_redirect_uri and state, sent to end_session_endpoint. */
  async endSessionUrl(idTokenHint: string, state: string): Promise<URL> {
    return oidc.buildEndSessionUrl(await this.discover(), {
      id_token_hint: idTokenHint,
      post_logout_redirect_uri: postLogoutRedirectUriOf(this.config),
      state,
    });
  }

  private discover(): Promise<oidc.Configuration> {
    this.configuration ??= this.runDiscovery().catch((err: unknown) => {
      this.configuration = undefined; // try again on the next request
      throw err;
    });
    return this.configuration;
  }

  private async runDiscovery(): Promise<oidc.Configuration> {
    const issuer = new URL(this.config.issuerBaseUrl);
    // Plain http only for a loopback issuer (local development and the demo).
    const insecure = issuer.protocol === 'http:' && LOOPBACK.has(issuer.hostname);
    const configuration = await oidc.discovery(
      issuer,
      this.config.clientId,
      undefined,
      oidc.ClientSecretBasic(this.config.clientSecret),
      insecure ? { execute: [oidc.allowInsecureRequests] } : undefined,
    );
    this.logger.log(`Discovered ${configuration.serverMetadata().issuer}`);
    return configuration;
  }
}
