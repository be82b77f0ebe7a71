import { Provider } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { BCL_DATA_SOURCE } from '../backchannel-logout.tokens';
import { MassLogoutBatchReader } from './mass-logout-batch.reader';
import { MassLogoutJobRepository } from './mass-logout-job.repository';
import { MassLogoutRunner } from './mass-logout.runner';
import { MassLogoutScheduler } from './mass-logout.scheduler';
import { MassLogoutService } from './mass-logout.service';
import { BCL_MASS_LOGOUT_JOBS, BCL_MASS_LOGOUT_READER } from './mass-logout.tokens';

/** The providers of mass logout (added to the provider module). */
export const massLogoutProviders: Provider[] = [
  {
    provide: BCL_MASS_LOGOUT_JOBS,
    useFactory: (dataSource: DataSource) => new MassLogoutJobRepository(dataSource),
    inject: [BCL_DATA_SOURCE],
  },
  {
    provide: BCL_MASS_LOGOUT_READER,
    useFactory: (dataSource: DataSource) => new MassLogoutBatchReader(dataSource),
    inject: [BCL_DATA_SOURCE],
  },
  MassLogoutRunner,
  MassLogoutScheduler,
  MassLogoutService,
];
