import { Controller, Get, Res } from '@nestjs/common';
import type { Response } from 'express';
import { BackchannelLogoutMetrics } from 'nestjs-backchannel-logout';

/**
 * `GET /metrics`: the library's Prometheus metrics (and the process's, registered on the same registry).
 * Public in the samples; in production serve it on an internal port or behind your network policy.
 */
@Controller('metrics')
export class MetricsController {
  constructor(private readonly metrics: BackchannelLogoutMetrics) {}

  @Get()
  async scrape(@Res() res: Response): Promise<void> {
    res
      .set({ 'Cache-Control': 'no-store', 'Content-Type': this.metrics.contentType })
      .send(await this.metrics.metrics());
  }
}
