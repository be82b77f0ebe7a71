import { Controller, Get, Param, Post, Query, Req, Res, UseGuards } from '@nestjs/common';
import type { Request, Response } from 'express';
import { BackchannelLogoutAuditService, isBackchannelLogoutError } from 'nestjs-backchannel-logout';
import { LogoutDeliveryStatus } from 'nestjs-backchannel-logout/provider';
import { ClientService } from '../clients/client.service';
import { CsrfGuard } from '../web/csrf.guard';
import { redirectSeeOther, sendHtml } from '../web/html-response';
import { readParam } from '../web/request-params';
import { AdminAuthGuard } from './admin-auth.guard';
import { AdminFrameService } from './admin-frame.service';
import { flash } from './admin-flash.util';
import { DELIVERY_STATUSES, DeliveriesFilter, deliveriesView } from './views/deliveries.view';

/** The library's delivery audit: filter by client and status, retry a failed delivery. */
@Controller('admin/deliveries')
@UseGuards(AdminAuthGuard, CsrfGuard)
export class AdminDeliveriesController {
  constructor(
    private readonly audit: BackchannelLogoutAuditService,
    private readonly clients: ClientService,
    private readonly frames: AdminFrameService,
  ) {}

  @Get()
  async list(@Query() query: unknown, @Req() req: Request, @Res() res: Response): Promise<void> {
    const status = readParam(query, 'status') as LogoutDeliveryStatus | undefined;
    const filter: DeliveriesFilter = {
      client: readParam(query, 'client'),
      status: status && DELIVERY_STATUSES.includes(status) ? status : undefined,
    };
    const page = Math.max(1, Number(readParam(query, 'page')) || 1);
    const result = await this.audit.list({
      clientId: filter.client,
      status: filter.status,
      page,
      pageSize: 50,
    });
    const clientIds = (await this.clients.list()).map((c) => c.clientId);
    sendHtml(res, deliveriesView(this.frames.frame(req, res), result, filter, clientIds));
  }

  @Post(':id/retry')
  async retry(@Param('id') id: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    try {
      const delivery = await this.audit.retry(id);
      await flash(req, {
        kind: 'ok',
        text: `Delivery to ${delivery.clientId} queued again (same jti).`,
      });
    } catch (err) {
      if (!isBackchannelLogoutError(err)) throw err;
      await flash(req, { kind: 'bad', text: `Not retried: ${err.message}.` });
    }
    redirectSeeOther(res, '/admin/deliveries');
  }
}
