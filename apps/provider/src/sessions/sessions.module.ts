import { Module } from '@nestjs/common';
import { AccountsModule } from '../clients/accounts.module';
import { TokensModule } from '../tokens/tokens.module';
import { CurrentSessionService } from './current-session.service';
import { LogoutService } from './logout.service';
import { OpSessionService } from './op-session.service';

/** OP browser sessions and every way they end. */
@Module({
  imports: [AccountsModule, TokensModule],
  providers: [OpSessionService, CurrentSessionService, LogoutService],
  exports: [OpSessionService, CurrentSessionService, LogoutService],
})
export class SessionsModule {}
