import { Injectable, OnModuleDestroy } from '@nestjs/common';
import RedisStore from 'connect-redis';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import session from 'express-session';
import Redis from 'ioredis';
import { ProviderConfig } from '../config/provider-config';
import { InjectProviderConfig } from '../config/provider-config.token';
import { CookieSecretService } from '../keys/cookie-secret.service';
import './admin-session-data';

export const ADMIN_COOKIE = 'op_admin';

/**
 * The admin UI's session: express-session in the provider's Redis, cookie `op_admin` scoped to
 * /admin, httpOnly and SameSite=Strict. Built on first use, once the cookie secret is loaded.
 */
@Injectable()
export class AdminSessionHandler implements OnModuleDestroy {
  private readonly redis: Redis;
  private middleware?: RequestHandler;

  constructor(
    @InjectProviderConfig() private readonly config: ProviderConfig,
    private readonly secret: CookieSecretService,
  ) {
    this.redis = new Redis(config.redis.url, { lazyConnect: true, maxRetriesPerRequest: 2 });
  }

  handle(req: Request, res: Response, next: NextFunction): void {
    this.middleware ??= session({
      name: ADMIN_COOKIE,
      secret: this.secret.raw(),
      store: new RedisStore({
        client: this.redis,
        prefix: `${this.config.redis.prefix}:admin-sess:`,
      }),
      resave: false,
      saveUninitialized: false,
      cookie: {
        httpOnly: true,
        sameSite: 'strict',
        secure: this.config.secureCookies,
        path: '/admin',
        maxAge: 8 * 3600_000,
      },
    });
    this.middleware(req, res, next);
  }

  async onModuleDestroy(): Promise<void> {
    if (this.redis.status === 'wait') return;
    await this.redis.quit().catch(() => this.redis.disconnect());
  }
}
