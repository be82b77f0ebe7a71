import {
  BadRequestException,
  Body,
  Controller,
  Get,
  Param,
  Post,
  Query,
  Req,
  Res,
  UseGuards,
} from '@nestjs/common';
import type { Request, Response } from 'express';
import { MassLogoutService } from 'nestjs-backchannel-logout';
import { MassLogoutScope } from 'nestjs-backchannel-logout/provider';
import { ClientService } from '../clients/client.service';
import { CsrfGuard } from '../web/csrf.guard';
import { redirectSeeOther, sendHtml } from '../web/html-response';
import { AdminAuthGuard } from './admin-auth.guard';
import { flash } from './admin-flash.util';
import { AdminFrameService } from './admin-frame.service';
import { massLogoutConfirmView } from './views/mass-logout-confirm.view';
import { massLogoutView } from './views/mass-logout.view';

const PAGE = '/admin/mass-logout';

/** Mass logout: end every session of one client, or of every user, and follow the runs' progress. */
@Controller('admin/mass-logout')
@UseGuards(AdminAuthGuard, CsrfGuard)
export class AdminMassLogoutController {
  constructor(
    private readonly massLogout: MassLogoutService,
    private readonly clients: ClientService,
    private readonly frames: AdminFrameService,
  ) {}

  @Get()
  async list(@Req() req: Request, @Res() res: Response): Promise<void> {
    const [clients, runs] = await Promise.all([this.clients.list(), this.massLogout.list()]);
    const clientIds = clients.map((c) => c.clientId).sort();
    sendHtml(res, massLogoutView(this.frames.frame(req, res), clientIds, runs));
  }

  /** The confirmation step (a GET: it changes nothing; the start itself is a CSRF-checked POST). */
  @Get('confirm')
  async confirm(@Query() query: unknown, @Req() req: Request, @Res() res: Response): Promise<void> {
    const scope = await this.scopeFrom(query);
    sendHtml(res, massLogoutConfirmView(this.frames.frame(req, res), scope));
  }

  @Post()
  async start(@Body() body: unknown, @Req() req: Request, @Res() res: Response): Promise<void> {
    const scope = await this.scopeFrom(body);
    if ((body as Record<string, unknown>).confirmed !== 'yes')
      throw new BadRequestException('Confirm the mass logout on its confirmation page.');
    const run = await this.massLogout.start({
      ...scope,
      reason: `admin_mass_logout_${scope.scope}`,
    });
    await flash(req, {
      kind: 'ok',
      text: `Mass logout ${run.id} started; its applications are notified batch by batch.`,
    });
    redirectSeeOther(res, PAGE);
  }

  @Post(':id/resume')
  async resume(@Param('id') id: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    const resumed = await this.massLogout.resume(id);
    await flash(
      req,
      resumed
        ? { kind: 'ok', text: `Mass logout ${id} resumed from where it stopped.` }
        : { kind: 'bad', text: 'That run is not failed (or does not exist): nothing to resume.' },
    );
    redirectSeeOther(res, PAGE);
  }

  private async scopeFrom(input: unknown): Promise<MassLogoutScope> {
    const fields = (input ?? {}) as Record<string, unknown>;
    if (fields.scope === 'all') return { scope: 'all' };
    if (fields.scope !== 'client')
      throw new BadRequestException('Choose what to end: one client, or every user.');
    const clientId = fields.client_id;
    if (typeof clientId !== 'string' || !(await this.clients.find(clientId)))
      throw new BadRequestException('Choose a registered client.');
    return { scope: 'client', clientId };
  }
}
