import { Global, Module } from '@nestjs/common';
import { AdminSessionHandler } from './admin-session.handler';

/** Global so that Bull Board's async options can use the same session handler. */
@Global()
@Module({ providers: [AdminSessionHandler], exports: [AdminSessionHandler] })
export class AdminSessionModule {}
