import { Module } from '@nestjs/common';
import { StartupSeeder } from '../startup/startup-seeder';
import { UserService } from '../users/user.service';
import { ClientService } from './client.service';
import { RedirectUriListConstraint } from './redirect-uris.constraint';
import { RegistrationAccessGuard } from './registration-access.guard';
import { RegistrationController } from './registration.controller';

/** Users and clients, their seeding at start, and client registration (RFC 7591). */
@Module({
  controllers: [RegistrationController],
  providers: [
    UserService,
    ClientService,
    StartupSeeder,
    RedirectUriListConstraint,
    RegistrationAccessGuard,
  ],
  exports: [UserService, ClientService],
})
export class AccountsModule {}
