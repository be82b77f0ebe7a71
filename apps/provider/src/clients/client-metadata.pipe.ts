import { Injectable, ValidationError, ValidationPipe } from '@nestjs/common';
import { OAuthError } from '../oidc/oauth.error';
import { ClientField, ClientFieldError } from './client-metadata';

/**
 * Invalid client metadata: an RFC 7591 §3.2.2 error for `POST /register` (rendered as JSON by the provider's
 * exception filter), and per-field messages for the admin form.
 */
export class ClientMetadataInvalid extends OAuthError {
  constructor(readonly fieldErrors: ClientFieldError[]) {
    const first = fieldErrors[0];
    super(
      first?.field === 'redirect_uris' ? 'invalid_redirect_uri' : 'invalid_client_metadata',
      fieldErrors
        .map((e) => (e.message.startsWith(e.field) ? e.message : `${e.field} ${e.message}`))
        .join('; ')
        // RFC 6749 §5.2 character set for error_description.
        .replace(/[^\x20\x21\x23-\x5B\x5D-\x7E]/g, '?'),
    );
  }
}

function toFieldErrors(errors: ValidationError[]): ClientFieldError[] {
  return errors.flatMap((e) =>
    Object.values(e.constraints ?? {}).map((message) => ({
      field: e.property as ClientField,
      message,
    })),
  );
}

/**
 * Nest's ValidationPipe for client metadata DTOs: unknown members are dropped (RFC 7591 §2: ignored), no type
 * coercion (`"true"` is not a boolean), one message per field, failures as {@link ClientMetadataInvalid}.
 */
@Injectable()
export class ClientMetadataValidationPipe extends ValidationPipe {
  constructor() {
    super({
      whitelist: true,
      transform: true,
      stopAtFirstError: true,
      validationError: { target: false, value: false },
      exceptionFactory: (errors) => new ClientMetadataInvalid(toFieldErrors(errors)),
    });
  }
}
