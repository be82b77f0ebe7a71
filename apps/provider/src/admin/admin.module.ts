import { BullAdapter } from '@bull-board/api/bullAdapter';
import { ExpressAdapter } from '@bull-board/express';
import { BullBoardModule } from '@bull-board/nestjs';
import { MiddlewareConsumer, Module, NestModule } from '@nestjs/common';
import { BACKCHANNEL_LOGOUT_DEFAULT_QUEUE } from 'nestjs-backchannel-logout';
import { AccountsModule } from '../clients/accounts.module';
import { SessionsModule } from '../sessions/sessions.module';
import { AdminAuthController } from './admin-auth.controller';
import { AdminClientsController } from './admin-clients.controller';
import { AdminDeliveriesController } from './admin-deliveries.controller';
import { AdminFrameService } from './admin-frame.service';
import { AdminMassLogoutController } from './admin-mass-logout.controller';
import { AdminSessionHandler } from './admin-session.handler';
import { AdminSessionMiddleware } from './admin-session.middleware';
import { AdminSessionModule } from './admin-session.module';
import { AdminSessionsController } from './admin-sessions.controller';
import { AdminUsersController } from './admin-users.controller';
import { bullBoardAuth } from './bull-board.middleware';
import { TestLogoutService } from './test-logout.service';

/** The admin UI under /admin: sign-in, clients, deliveries, sessions/users, mass logout, and Bull Board. */
@Module({
  imports: [
    AccountsModule,
    SessionsModule,
    AdminSessionModule,
    BullBoardModule.forRootAsync({
      inject: [AdminSessionHandler],
      useFactory: (sessions: AdminSessionHandler) => ({
        route: '/admin/queues',
        adapter: ExpressAdapter,
        middleware: bullBoardAuth(sessions),
        boardOptions: { uiConfig: { boardTitle: 'Back-channel logout' } },
      }),
    }),
    BullBoardModule.forFeature({ name: BACKCHANNEL_LOGOUT_DEFAULT_QUEUE, adapter: BullAdapter }),
  ],
  controllers: [
    AdminAuthController,
    AdminClientsController,
    AdminDeliveriesController,
    AdminMassLogoutController,
    AdminSessionsController,
    AdminUsersController,
  ],
  providers: [AdminFrameService, TestLogoutService],
})
export class AdminModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(AdminSessionMiddleware).forRoutes('admin');
  }
}
