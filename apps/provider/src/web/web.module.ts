import { Global, Module } from '@nestjs/common';
import { AssetsController } from './assets.controller';
import { CsrfGuard } from './csrf.guard';
import { CsrfService } from './csrf.service';

@Global()
@Module({
  controllers: [AssetsController],
  providers: [CsrfService, CsrfGuard],
  exports: [CsrfService, CsrfGuard],
})
export class WebModule {}
