import { IsOptional, IsString, Length, Matches, MaxLength } from 'class-validator';
import { BackchannelLogoutClientMetadataDto } from 'nestjs-backchannel-logout';
import { IsRedirectUriList } from './redirect-uris.constraint';

/**
 * A client's metadata in Dynamic Client Registration (RFC 7591) names: the library's BCL §2.2 DTO
 * (`backchannel_logout_uri`, `backchannel_logout_session_required`) plus what this provider needs. Used by
 * `POST /register`; the admin form and CLIENTS_FILE use {@link ClientDefinitionDto}.
 */
export class ClientRegistrationDto extends BackchannelLogoutClientMetadataDto {
  @IsOptional()
  @IsString({ message: 'must be text of at most 255 characters' })
  @MaxLength(255, { message: 'must be text of at most 255 characters' })
  client_name?: string | null;

  @IsRedirectUriList(true)
  redirect_uris!: string[];

  // RPIL §3.1: the exact URIs end_session may redirect to.
  @IsRedirectUriList(false)
  post_logout_redirect_uris?: string[];
}

/** A client as the admin or CLIENTS_FILE defines it: the id is chosen, and a secret may be given. */
export class ClientDefinitionDto extends ClientRegistrationDto {
  @IsString({ message: "use 1 to 255 letters, digits, '.', '_', '~' or '-'" })
  @Matches(/^[A-Za-z0-9._~-]{1,255}$/, {
    message: "use 1 to 255 letters, digits, '.', '_', '~' or '-'",
  })
  client_id!: string;

  @IsOptional()
  @IsString({ message: 'must be 16 to 255 characters, so that it cannot be guessed' })
  @Length(16, 255, { message: 'must be 16 to 255 characters, so that it cannot be guessed' })
  client_secret?: string;
}
