import {
  Body,
  Controller,
  Get,
  NotFoundException,
  Param,
  Post,
  Req,
  Res,
  UseGuards,
} from '@nestjs/common';
import type { Request, Response } from 'express';
import {
  BackchannelLogoutRpHealth,
  InjectBackchannelLogoutRpHealth,
  RpHealthRecord,
} from 'nestjs-backchannel-logout';
import { ClientService } from '../clients/client.service';
import { CsrfGuard } from '../web/csrf.guard';
import { redirectSeeOther, sendHtml } from '../web/html-response';
import { AdminAuthGuard } from './admin-auth.guard';
import { AdminFrameService } from './admin-frame.service';
import { flash } from './admin-flash.util';
import {
  clientFormFromBody,
  clientFormFromEntity,
  clientMetadataFromForm,
  ClientFormValues,
  emptyClientForm,
  groupErrors,
} from './client-form';
import { TestLogoutService } from './test-logout.service';
import { clientFormView } from './views/client-form.view';
import { clientsView } from './views/clients.view';

const clientPath = (id: string) => `/admin/clients/${encodeURIComponent(id)}`;

/** Clients: list, create, edit (validated by the same rules as CLIENTS_FILE), rotate secret, test logout. */
@Controller('admin/clients')
@UseGuards(AdminAuthGuard, CsrfGuard)
export class AdminClientsController {
  constructor(
    private readonly clients: ClientService,
    private readonly frames: AdminFrameService,
    private readonly testLogout: TestLogoutService,
    @InjectBackchannelLogoutRpHealth() private readonly health: BackchannelLogoutRpHealth,
  ) {}

  @Get()
  async list(@Req() req: Request, @Res() res: Response): Promise<void> {
    // Redis down: the list still renders, health shows as unknown.
    const health = await this.health.list().catch((): RpHealthRecord[] | null => null);
    sendHtml(res, clientsView(this.frames.frame(req, res), await this.clients.list(), health));
  }

  @Get('new')
  newForm(@Req() req: Request, @Res() res: Response): void {
    const model = { mode: 'create' as const, values: emptyClientForm(), errors: {} };
    sendHtml(res, clientFormView(this.frames.frame(req, res), model));
  }

  @Post()
  async create(@Body() body: unknown, @Req() req: Request, @Res() res: Response): Promise<void> {
    const values = clientFormFromBody(body);
    if (values.client_id && (await this.clients.find(values.client_id))) {
      const errors = { client_id: ['a client with this ID already exists; pick another one'] };
      return this.invalid(req, res, 'create', values, errors);
    }
    const result = await this.clients.validate(clientMetadataFromForm(values), false);
    if (!result.ok) return this.invalid(req, res, 'create', values, groupErrors(result.errors));
    const saved = await this.clients.save(result.value);
    await flash(req, {
      kind: 'ok',
      text: `Client ${saved.client.clientId} created.`,
      secret: saved.newSecret,
    });
    redirectSeeOther(res, clientPath(saved.client.clientId));
  }

  @Get(':id')
  async edit(@Param('id') id: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    const client = await this.clients.find(id);
    if (!client) throw new NotFoundException(`There is no client "${id}".`);
    const model = { mode: 'edit' as const, values: clientFormFromEntity(client), errors: {} };
    sendHtml(res, clientFormView(this.frames.frame(req, res), model));
  }

  @Post(':id')
  async update(
    @Param('id') id: string,
    @Body() body: unknown,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    if (!(await this.clients.find(id))) throw new NotFoundException(`There is no client "${id}".`);
    const values = clientFormFromBody(body, id);
    const result = await this.clients.validate(clientMetadataFromForm(values), false);
    if (!result.ok) return this.invalid(req, res, 'edit', values, groupErrors(result.errors));
    await this.clients.save(result.value, { active: values.active });
    await flash(req, { kind: 'ok', text: `Client ${id} saved.` });
    redirectSeeOther(res, clientPath(id));
  }

  @Post(':id/rotate-secret')
  async rotate(@Param('id') id: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    const secret = await this.clients.rotateSecret(id);
    if (!secret) throw new NotFoundException(`There is no client "${id}".`);
    await flash(req, {
      kind: 'ok',
      text: `Secret of ${id} rotated; the old one no longer works.`,
      secret,
    });
    redirectSeeOther(res, clientPath(id));
  }

  @Post(':id/test-logout')
  async sendTestLogout(
    @Param('id') id: string,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    await flash(req, await this.testLogout.send(id));
    redirectSeeOther(res, '/admin/clients');
  }

  /** Issue #9: release a paused (or degraded) RP's held deliveries now, without waiting for the probe. */
  @Post(':id/resume')
  async resume(@Param('id') id: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    if (!(await this.clients.find(id))) throw new NotFoundException(`There is no client "${id}".`);
    const released = await this.health.resume(id);
    await flash(req, {
      kind: 'ok',
      text: `${id} resumed; ${released} held ${released === 1 ? 'delivery' : 'deliveries'} queued again.`,
    });
    redirectSeeOther(res, '/admin/clients');
  }

  private invalid(
    req: Request,
    res: Response,
    mode: 'create' | 'edit',
    values: ClientFormValues,
    errors: ReturnType<typeof groupErrors>,
  ): void {
    sendHtml(res, clientFormView(this.frames.frame(req, res), { mode, values, errors }), 400);
  }
}
