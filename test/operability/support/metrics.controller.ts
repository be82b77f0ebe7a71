import { Controller, Get, Res } from '@nestjs/common';
import type { Response } from 'express';
import { BackchannelLogoutMetrics } from 'nestjs-backchannel-logout';

/** `/metrics` as a host serves it: the library's registry in the Prometheus text format. */
@Controller()
export class MetricsController {
  constructor(private readonly metrics: BackchannelLogoutMetrics) {}

  @Get('metrics')
  async scrape(@Res() res: Response): Promise<void> {
    res.type(this.metrics.contentType).send(await this.metrics.metrics());
  }
}
