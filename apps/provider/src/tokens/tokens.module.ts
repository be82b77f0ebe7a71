import { Module } from '@nestjs/common';
import { AccessTokenService } from './access-token.service';
import { AuthorizationCodeService } from './authorization-code.service';
import { IdTokenFactory } from './id-token.factory';
import { RefreshTokenService } from './refresh-token.service';

@Module({
  providers: [AuthorizationCodeService, RefreshTokenService, IdTokenFactory, AccessTokenService],
  exports: [AuthorizationCodeService, RefreshTokenService, IdTokenFactory, AccessTokenService],
})
export class TokensModule {}
