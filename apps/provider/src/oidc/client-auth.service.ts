import { Injectable } from '@nestjs/common';
import type { Request } from 'express';
import { OidcClient } from '../clients/oidc-client.entity';
import { ClientService } from '../clients/client.service';
import { readParam } from '../web/request-params';
import { OAuthError } from './oauth.error';

// RFC 6749 §2.3.1: id and secret are form-urlencoded before Basic encoding.
const formDecode = (value: string) => decodeURIComponent(value.replace(/\+/g, ' '));

/** Token endpoint client authentication: client_secret_basic or client_secret_post, exactly one. */
@Injectable()
export class ClientAuthService {
  constructor(private readonly clients: ClientService) {}

  async authenticate(req: Request): Promise<OidcClient> {
    const header = req.headers.authorization;
    const bodyId = readParam(req.body, 'client_id');
    const bodySecret = readParam(req.body, 'client_secret');
    if (header?.toLowerCase().startsWith('basic ')) {
      if (bodySecret) {
        throw OAuthError.invalidRequest('use one client authentication method, not both');
      }
      const decoded = Buffer.from(header.slice(6).trim(), 'base64').toString('utf8');
      const colon = decoded.indexOf(':');
      if (colon < 0) throw OAuthError.invalidClient('malformed Basic credentials', true);
      let id: string;
      let secret: string;
      try {
        id = formDecode(decoded.slice(0, colon));
        secret = formDecode(decoded.slice(colon + 1));
      } catch {
        throw OAuthError.invalidClient('malformed Basic credentials', true);
      }
      if (bodyId && bodyId !== id) {
        throw OAuthError.invalidRequest('client_id does not match the authenticated client');
      }
      return this.check(id, secret, true);
    }
    if (bodyId && bodySecret) return this.check(bodyId, bodySecret, false);
    throw OAuthError.invalidClient(
      'client authentication is required (client_secret_basic or client_secret_post)',
      false,
    );
  }

  private async check(id: string, secret: string, usedBasic: boolean): Promise<OidcClient> {
    const client = await this.clients.authenticate(id, secret);
    if (!client) throw OAuthError.invalidClient('client authentication failed', usedBasic);
    return client;
  }
}
