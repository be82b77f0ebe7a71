import { Module } from '@nestjs/common';
import { AccessTokenService } from './access-token.service';
import { AuthorizationCodeService } from './authorization-code.service';
import { GrantRevocationService } from './grant-revocation.service';
import { IdTokenFactory } from './id-token.factory';
import { RefreshTokenService } from './refresh-token.service';

const TOKEN_SERVICES = [
  AuthorizationCodeService,
  RefreshTokenService,
  GrantRevocationService,
  IdTokenFactory,
  AccessTokenService,
];

/** Codes, refresh tokens, access and ID tokens, and the revocation of a whole grant. */
@Module({ providers: TOKEN_SERVICES, exports: TOKEN_SERVICES })
export class TokensModule {}
