import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { hashOpaqueToken, newOpaqueToken, opaqueTokenMatches } from '../tokens/token-hash.util';
import { ClientMetadata, ClientValidationResult } from './client-metadata';
import { ClientMetadataInvalid, ClientMetadataValidationPipe } from './client-metadata.pipe';
import { ClientDefinitionDto } from './client-registration.dto';
import { OidcClient } from './oidc-client.entity';

export interface SavedClient {
  client: OidcClient;
  /** Set when a secret was generated or changed: shown once, never stored in clear. */
  newSecret?: string;
}

@Injectable()
export class ClientService {
  private readonly pipe = new ClientMetadataValidationPipe();

  constructor(@InjectRepository(OidcClient) private readonly clients: Repository<OidcClient>) {}

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

  /**
   * The one set of client rules (the admin form and CLIENTS_FILE): the library's BCL §2.2 DTO and the
   * provider's own fields, through Nest's ValidationPipe. Input uses the RFC 7591 names.
   */
  async validate(
    input: Record<string, unknown>,
    secretRequired: boolean,
  ): Promise<ClientValidationResult> {
    const { client_secret: secret, ...rest } = input;
    const given =
      secret === undefined || secret === null || secret === '' ? {} : { client_secret: secret };
    if (secretRequired && !('client_secret' in given))
      return { ok: false, errors: [{ field: 'client_secret', message: 'is required' }] };
    try {
      const dto = (await this.pipe.transform(
        { ...rest, ...given },
        { type: 'body', metatype: ClientDefinitionDto },
      )) as ClientDefinitionDto;
      return { ok: true, value: toClientMetadata(dto) };
    } catch (err) {
      if (err instanceof ClientMetadataInvalid) return { ok: false, errors: err.fieldErrors };
      throw err;
    }
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

/** Validated DTO → the metadata the service stores (absent lists and URI become empty / null). */
export function toClientMetadata(dto: ClientDefinitionDto): ClientMetadata {
  const value: ClientMetadata = {
    client_id: dto.client_id,
    client_name: dto.client_name || null,
    redirect_uris: dto.redirect_uris,
    post_logout_redirect_uris: dto.post_logout_redirect_uris ?? [],
    backchannel_logout_uri: dto.backchannel_logout_uri || null,
    backchannel_logout_session_required: dto.backchannel_logout_session_required === true,
  };
  if (dto.client_secret) value.client_secret = dto.client_secret;
  return value;
}
