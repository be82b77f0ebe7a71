import { Controller, Get, Header } from '@nestjs/common';
import { OP_STYLESHEET } from './op-stylesheet';

@Controller('assets')
export class AssetsController {
  @Get('op.css')
  @Header('Content-Type', 'text/css; charset=utf-8')
  @Header('Cache-Control', 'public, max-age=3600')
  stylesheet(): string {
    return OP_STYLESHEET;
  }
}
