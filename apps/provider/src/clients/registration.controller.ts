import { Body, Controller, Header, HttpCode, Post, UseGuards } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { ClientMetadataValidationPipe } from './client-metadata.pipe';
import { ClientRegistrationDto } from './client-registration.dto';
import { ClientService, toClientMetadata } from './client.service';
import { RegistrationAccessGuard } from './registration-access.guard';

/** RFC 7591 §3.2.1 client information response: the credentials and the metadata as registered. */
export interface ClientInformationResponse {
  client_id: string;
  client_secret: string;
  client_id_issued_at: number;
  client_secret_expires_at: 0;
  client_name?: string;
  redirect_uris: string[];
  post_logout_redirect_uris: string[];
  backchannel_logout_uri?: string;
  backchannel_logout_session_required: boolean;
}

/**
 * Dynamic Client Registration (RFC 7591) for the metadata this OP knows, validated by the same DTO rules as
 * the admin form (the library's BCL §2.2 DTO included). Bad input: 400
 * `{error: invalid_client_metadata | invalid_redirect_uri, error_description}`.
 */
@Controller('register')
@UseGuards(RegistrationAccessGuard)
export class RegistrationController {
  constructor(private readonly clients: ClientService) {}

  @Post()
  @HttpCode(201)
  @Header('Cache-Control', 'no-store')
  async register(
    @Body(ClientMetadataValidationPipe) dto: ClientRegistrationDto,
  ): Promise<ClientInformationResponse> {
    const clientId = randomUUID();
    const metadata = toClientMetadata({ ...dto, client_id: clientId });
    const { client, newSecret } = await this.clients.save(metadata);
    return {
      client_id: client.clientId,
      client_secret: newSecret!,
      client_id_issued_at: Math.floor(client.createdAt.getTime() / 1000),
      client_secret_expires_at: 0,
      ...(client.clientName ? { client_name: client.clientName } : {}),
      redirect_uris: client.redirectUris,
      post_logout_redirect_uris: client.postLogoutRedirectUris,
      ...(client.backchannelLogoutUri
        ? { backchannel_logout_uri: client.backchannelLogoutUri }
        : {}),
      backchannel_logout_session_required: client.backchannelLogoutSessionRequired,
    };
  }
}
