import type { INestApplication, NestApplicationOptions } from '@nestjs/common';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import type { TestingModule } from '@nestjs/testing';

/** The Nest HTTP platforms the receiver endpoint supports. */
export type HttpAdapterName = 'express' | 'fastify';

/** For `describe.each(HTTP_ADAPTERS)`: the same cases on an Express app and on a Fastify app. */
export const HTTP_ADAPTERS: ReadonlyArray<[HttpAdapterName]> = [['express'], ['fastify']];

/** Creates the app on the named platform (Express is Nest's default). */
export function createAppOn(
  moduleRef: TestingModule,
  adapter: HttpAdapterName = 'express',
  options: NestApplicationOptions = {},
): INestApplication {
  return adapter === 'fastify'
    ? moduleRef.createNestApplication(new FastifyAdapter(), options)
    : moduleRef.createNestApplication(options);
}
