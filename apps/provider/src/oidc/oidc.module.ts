import { Module } from '@nestjs/common';
import { AccountsModule } from '../clients/accounts.module';
import { EndSessionController } from '../logout/end-session.controller';
import { EndSessionEvaluator } from '../logout/end-session.evaluator';
import { IdTokenHintVerifier } from '../logout/id-token-hint.verifier';
import { LoginController } from '../login/login.controller';
import { SessionsModule } from '../sessions/sessions.module';
import { TokensModule } from '../tokens/tokens.module';
import { HomeController } from '../web/home.controller';
import { AuthorizeRequestValidator } from './authorize-request.validator';
import { AuthorizeController } from './authorize.controller';
import { ClientAuthService } from './client-auth.service';
import { ConsentController } from './consent.controller';
import { DiscoveryController } from './discovery.controller';
import { TokenIssuerService } from './token-issuer.service';
import { TokenController } from './token.controller';
import { TokenService } from './token.service';
import { UserinfoController } from './userinfo.controller';

/** The OpenID provider's endpoints: discovery, authorize, login, token, userinfo, end_session. */
@Module({
  imports: [AccountsModule, SessionsModule, TokensModule],
  controllers: [
    HomeController,
    DiscoveryController,
    AuthorizeController,
    ConsentController,
    LoginController,
    TokenController,
    UserinfoController,
    EndSessionController,
  ],
  providers: [
    AuthorizeRequestValidator,
    ClientAuthService,
    TokenService,
    TokenIssuerService,
    IdTokenHintVerifier,
    EndSessionEvaluator,
  ],
})
export class OidcModule {}
