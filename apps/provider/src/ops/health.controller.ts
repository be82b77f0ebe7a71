import { getQueueToken } from '@nestjs/bull';
import { Controller, Get, OnModuleInit, Res } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Queue } from 'bull';
import type { Response } from 'express';
import { BACKCHANNEL_LOGOUT_DEFAULT_QUEUE } from 'nestjs-backchannel-logout';
import { DataSource } from 'typeorm';
import { pingDatabase, pingRedis, sendHealth } from '../../../shared/health';

/** `GET /health`: Redis (the delivery queue's connection) and the database; 200 when both are up, else 503. */
@Controller('health')
export class HealthController implements OnModuleInit {
  private queue!: Queue;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly moduleRef: ModuleRef,
  ) {}

  /** The library keeps its queue to itself; look it up once, when every provider exists. */
  onModuleInit(): void {
    this.queue = this.moduleRef.get<Queue>(getQueueToken(BACKCHANNEL_LOGOUT_DEFAULT_QUEUE), {
      strict: false,
    });
  }

  @Get()
  health(@Res() res: Response): Promise<void> {
    return sendHealth(res, {
      redis: () => pingRedis(this.queue.client),
      database: () => pingDatabase(this.dataSource),
    });
  }
}
