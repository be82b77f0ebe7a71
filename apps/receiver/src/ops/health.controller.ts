import { Controller, Get, Res } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Response } from 'express';
import type Redis from 'ioredis';
import { DataSource } from 'typeorm';
import { healthReport, pingRedis, probe } from '../../../shared/health';
import { InjectReceiverRedis } from '../redis/receiver-redis.provider';

/**
 * `GET /health`: Redis (sessions and replay protection) and the database (session index); 200 when both
 * are up, else 503.
 */
@Controller('health')
export class HealthController {
  constructor(
    @InjectReceiverRedis() private readonly redis: Redis,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  @Get()
  async health(@Res() res: Response): Promise<void> {
    const [redis, database] = await Promise.all([
      probe(() => pingRedis(this.redis)),
      probe(() => this.dataSource.query('SELECT 1')),
    ]);
    const report = healthReport({ redis, database });
    res
      .status(report.status === 'ok' ? 200 : 503)
      .set('Cache-Control', 'no-store')
      .json(report);
  }
}
