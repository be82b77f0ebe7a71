/**
 * The receiver bench's limit: a bare Nest app on Express, one POST route that reads the form body and
 * only verifies the JWS signature with jose against the issuer's published keys - no claim checks, no
 * replay store, no session kill. What any receiver on this framework costs at least. Env: BENCH_JWKS
 * (the issuer's JWKS as JSON).
 */
import { Body, Controller, HttpCode, HttpException, Module, Post } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { compactVerify, createLocalJWKSet, JSONWebKeySet } from 'jose';
import { serveParent } from '../support/child-main.util';

serveParent(async () => {
  const jwks = createLocalJWKSet(JSON.parse(process.env.BENCH_JWKS!) as JSONWebKeySet);

  @Controller()
  class LimitController {
    @Post('backchannel-logout')
    @HttpCode(200)
    async logout(@Body() body: Record<string, unknown>): Promise<void> {
      const token = body?.logout_token;
      if (typeof token !== 'string') throw new HttpException({ error: 'invalid_request' }, 400);
      await compactVerify(token, jwks, { algorithms: ['RS256'] }).catch(() => {
        throw new HttpException({ error: 'invalid_request' }, 400);
      });
    }
  }

  @Module({ controllers: [LimitController] })
  class LimitReceiverModule {}

  const app = await NestFactory.create(LimitReceiverModule, { logger: ['error'] });
  await app.listen(0, '127.0.0.1');
  const url = (await app.getUrl()).replace('[::1]', '127.0.0.1');
  return { ready: { url }, handlers: {}, stop: () => app.close() };
});
