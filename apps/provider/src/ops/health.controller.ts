import { getQueueToken } from '@nestjs/bull';
import { Controller, Get, Res } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Queue } from 'bull';
import type { Response } from 'express';
import { BACKCHANNEL_LOGOUT_DEFAULT_QUEUE } from 'nestjs-backchannel-logout';
import { DataSource } from 'typeorm';
import { healthReport, pingRedis, probe } from '../../../shared/health';

/** `GET /health`: Redis (the delivery queue's connection) and the database; 200 when both are up, else 503. */
@Controller('health')
export class HealthController {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly moduleRef: ModuleRef,
  ) {}

  @Get()
  async health(@Res() res: Response): Promise<void> {
    const queue = this.moduleRef.get<Queue>(getQueueToken(BACKCHANNEL_LOGOUT_DEFAULT_QUEUE), {
      strict: false,
    });
    const [redis, database] = await Promise.all([
      probe(() => pingRedis(queue.client)),
      probe(() => this.dataSource.query('SELECT 1')),
    ]);
    const report = healthReport({ redis, database });
    res
      .status(report.status === 'ok' ? 200 : 503)
      .set('Cache-Control', 'no-store')
      .json(report);
  }
}
