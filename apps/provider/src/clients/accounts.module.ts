import { Module } from '@nestjs/common';
import { StartupSeeder } from '../startup/startup-seeder';
import { UserService } from '../users/user.service';
import { ClientService } from './client.service';

/** Users and clients, and their seeding at start. */
@Module({
  providers: [UserService, ClientService, StartupSeeder],
  exports: [UserService, ClientService],
})
export class AccountsModule {}
