import { Injectable } from '@nestjs/common';
import { ClientService } from '../clients/client.service';
import { readParam, RepeatedParameterError } from '../web/request-params';
import { AuthorizeRejection, AuthorizeRequest, SUPPORTED_SCOPES } from './authorize-request';

// RFC 7636 §4.2: BASE64URL(SHA256(verifier)) is exactly 43 characters.
const S256_CHALLENGE = /^[A-Za-z0-9_-]{43}$/;

type Result =
  { ok: true; request: AuthorizeRequest } | { ok: false; rejection: AuthorizeRejection };

/** Checks an authorization request: client and redirect_uri first (page errors), then the rest (redirect errors). */
@Injectable()
export class AuthorizeRequestValidator {
  constructor(private readonly clients: ClientService) {}

  async validate(params: unknown): Promise<Result> {
    let clientId: string | undefined;
    let redirectUri: string | undefined;
    try {
      clientId = readParam(params, 'client_id');
      redirectUri = readParam(params, 'redirect_uri');
    } catch (err) {
      return page((err as Error).message);
    }
    if (!clientId) return page('The request has no client_id.');
    const client = await this.clients.findActive(clientId);
    if (!client) return page(`The client "${clientId}" is not registered here.`);
    if (!redirectUri) return page('The request has no redirect_uri.');
    if (!client.redirectUris.includes(redirectUri)) {
      return page('The redirect_uri is not registered for this client (it must match exactly).');
    }

    let state: string | undefined;
    const fail = (error: string, description: string): Result => ({
      ok: false,
      rejection: { kind: 'redirect', redirectUri, error, description, state },
    });
    try {
      state = readParam(params, 'state');
      const responseType = readParam(params, 'response_type');
      const scope = readParam(params, 'scope') ?? '';
      const nonce = readParam(params, 'nonce');
      const challenge = readParam(params, 'code_challenge');
      const method = readParam(params, 'code_challenge_method');
      const prompt = (readParam(params, 'prompt') ?? '').split(' ').filter(Boolean);
      const maxAgeParam = readParam(params, 'max_age');

      if (!responseType) return fail('invalid_request', 'response_type is required');
      if (responseType !== 'code') {
        return fail('unsupported_response_type', 'only response_type=code is supported');
      }
      const scopes = scope.split(' ').filter((s) => SUPPORTED_SCOPES.includes(s));
      if (!scopes.includes('openid')) return fail('invalid_scope', 'the openid scope is required');
      if (!challenge)
        return fail('invalid_request', 'PKCE is required: send code_challenge (S256)');
      if (method !== 'S256') {
        return fail(
          'invalid_request',
          'code_challenge_method must be S256 (plain is not accepted)',
        );
      }
      if (!S256_CHALLENGE.test(challenge)) {
        return fail('invalid_request', 'code_challenge is not a base64url SHA-256 value');
      }
      if (prompt.includes('none') && prompt.length > 1) {
        return fail('invalid_request', 'prompt=none cannot be combined with other values');
      }
      const maxAge = maxAgeParam === undefined ? undefined : Number(maxAgeParam);
      if (maxAge !== undefined && (!Number.isInteger(maxAge) || maxAge < 0)) {
        return fail('invalid_request', 'max_age must be a non-negative integer');
      }
      return {
        ok: true,
        request: {
          clientId,
          redirectUri,
          scope: [...new Set(scopes)].join(' '),
          state,
          nonce,
          codeChallenge: challenge,
          prompt,
          maxAge,
        },
      };
    } catch (err) {
      if (err instanceof RepeatedParameterError) return fail('invalid_request', err.message);
      throw err;
    }
  }
}

function page(message: string): Result {
  return { ok: false, rejection: { kind: 'page', message } };
}
