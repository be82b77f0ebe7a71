import { Module } from '@nestjs/common';
import { BackchannelLogoutMetricsModule } from 'nestjs-backchannel-logout';
import { MetricsController } from '../../../shared/metrics.controller';
import { HealthController } from './health.controller';

/** Operations endpoints: `/metrics` (Prometheus) and `/health` (Redis and database). */
@Module({
  imports: [BackchannelLogoutMetricsModule.forRoot()],
  controllers: [MetricsController, HealthController],
})
export class OpsModule {}
