import { Global, Module } from '@nestjs/common';
import { CookieSecretService } from './cookie-secret.service';
import { ProviderSecretService } from './provider-secret.service';
import { SigningKeyService } from './signing-key.service';

@Global()
@Module({
  providers: [ProviderSecretService, SigningKeyService, CookieSecretService],
  exports: [SigningKeyService, CookieSecretService],
})
export class KeysModule {}
