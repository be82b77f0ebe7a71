import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { BackchannelLogoutClientValidator } from 'nestjs-backchannel-logout';
import { Repository } from 'typeorm';
import { ProviderConfig } from '../config/provider-config';
import { InjectProviderConfig } from '../config/provider-config.token';
import { hashOpaqueToken, newOpaqueToken, opaqueTokenMatches } from '../tokens/token-hash.util';
import { ClientMetadata, ClientValidationResult } from './client-metadata';
import { validateClientMetadata } from './client-metadata.validator';
import { OidcClient } from './oidc-client.entity';

export interface SavedClient {
  client: OidcClient;
  /** Set when a secret was generated or changed: shown once, never stored in clear. */
  newSecret?: string;
}

@Injectable()
export class ClientService {
  constructor(
    @InjectRepository(OidcClient) private readonly clients: Repository<OidcClient>,
    private readonly backchannelRules: BackchannelLogoutClientValidator,
    @InjectProviderConfig() private readonly config: ProviderConfig,
  ) {}

  list(): Promise<OidcClient[]> {
    return this.clients.find({ order: { clientId: 'ASC' } });
  }

  find(clientId: string): Promise<OidcClient | null> {
    return this.clients.findOneBy({ clientId });
  }

  async findActive(clientId: string): Promise<OidcClient | null> {
    const client = await this.find(clientId);
    return client?.active ? client : null;
  }

  validate(
    input: Record<string, unknown>,
    secretRequired: boolean,
  ): Promise<ClientValidationResult> {
    return validateClientMetadata(
      input,
      { allowInsecureBackchannel: this.config.allowInsecureBackchannel, secretRequired },
      async (uri) => {
        // BCL §2.2 rules (absolute, https unless allowed, no fragment, no private targets) from the library.
        const [error] = await this.backchannelRules.validate({ backchannel_logout_uri: uri });
        return error ? error.message : null;
      },
    );
  }

  /** client_secret_basic / client_secret_post: the client, if active and the secret matches. */
  async authenticate(clientId: string, secret: string): Promise<OidcClient | null> {
    const client = await this.findActive(clientId);
    return client && opaqueTokenMatches(secret, client.clientSecretHash) ? client : null;
  }

  /** Creates or replaces a client from validated metadata; a new client without a secret gets one. */
  async save(metadata: ClientMetadata, options: { active?: boolean } = {}): Promise<SavedClient> {
    const existing = await this.find(metadata.client_id);
    const newSecret = metadata.client_secret ?? (existing ? undefined : newOpaqueToken().token);
    const client = this.clients.create({
      ...existing,
      clientId: metadata.client_id,
      clientName: metadata.client_name,
      redirectUris: metadata.redirect_uris,
      postLogoutRedirectUris: metadata.post_logout_redirect_uris,
      backchannelLogoutUri: metadata.backchannel_logout_uri,
      backchannelLogoutSessionRequired: metadata.backchannel_logout_session_required,
      active: options.active ?? existing?.active ?? true,
    });
    if (newSecret) client.clientSecretHash = hashOpaqueToken(newSecret);
    const saved = await this.clients.save(client);
    return { client: saved, newSecret: metadata.client_secret ? undefined : newSecret };
  }

  async rotateSecret(clientId: string): Promise<string | null> {
    const { token, hash } = newOpaqueToken();
    const result = await this.clients.update({ clientId }, { clientSecretHash: hash });
    return result.affected ? token : null;
  }
}
