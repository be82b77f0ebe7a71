import { Controller, Get, Res } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Response } from 'express';
import type Redis from 'ioredis';
import { DataSource } from 'typeorm';
import { pingDatabase, pingRedis, sendHealth } from '../../../shared/health';
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
  health(@Res() res: Response): Promise<void> {
    return sendHealth(res, {
      redis: () => pingRedis(this.redis),
      database: () => pingDatabase(this.dataSource),
    });
  }
}
