import { Controller, Get, Param, Post, Req, Res, UseGuards } from '@nestjs/common';
import type { Request, Response } from 'express';
import {
  BackchannelLogoutSessionRegistry,
  InjectBackchannelLogoutSessionRegistry,
  SessionLifecycleService,
} from 'nestjs-backchannel-logout';
import { ProviderConfig } from '../config/provider-config';
import { InjectProviderConfig } from '../config/provider-config.token';
import { LogoutService } from '../sessions/logout.service';
import { OpSessionService } from '../sessions/op-session.service';
import { UserService } from '../users/user.service';
import { CsrfGuard } from '../web/csrf.guard';
import { redirectSeeOther, sendHtml } from '../web/html-response';
import { AdminAuthGuard } from './admin-auth.guard';
import { flash } from './admin-flash.util';
import { AdminFrameService } from './admin-frame.service';
import { SessionRow, sessionsView } from './views/sessions.view';

/** Live OP sessions, the applications of each, their lifetimes, and ending one. */
@Controller('admin/sessions')
@UseGuards(AdminAuthGuard, CsrfGuard)
export class AdminSessionsController {
  constructor(
    private readonly sessions: OpSessionService,
    private readonly users: UserService,
    private readonly logout: LogoutService,
    @InjectBackchannelLogoutSessionRegistry()
    private readonly registry: BackchannelLogoutSessionRegistry,
    private readonly frames: AdminFrameService,
    private readonly lifecycle: SessionLifecycleService,
    @InjectProviderConfig() private readonly config: ProviderConfig,
  ) {}

  @Get()
  async list(@Req() req: Request, @Res() res: Response): Promise<void> {
    const [users, active] = await Promise.all([this.users.list(), this.sessions.listActive()]);
    const usernames = new Map(users.map((u) => [u.id, u.username]));
    // One registry lookup per session: the registry port has no batch query (yet).
    const rows = await Promise.all(
      active.map(async (s): Promise<SessionRow> => {
        const [participants, lifetime] = await Promise.all([
          this.registry.findBySid(s.sid),
          this.lifecycle.status(s.sid),
        ]);
        return {
          sid: s.sid,
          userId: s.userId,
          username: usernames.get(s.userId) ?? s.userId,
          createdAt: s.createdAt,
          authTime: s.authTime,
          clientIds: [...new Set(participants.map((p) => p.clientId))].sort(),
          lastActiveAt: lifetime?.lastActiveAt ?? null,
          expiresAt: lifetime?.expiresAt ?? null,
        };
      }),
    );
    const lifetime = {
      idleSeconds: this.config.sessionLifetime?.idleSeconds ?? null,
      absoluteSeconds: this.config.sessionLifetime?.absoluteSeconds ?? null,
    };
    sendHtml(res, sessionsView(this.frames.frame(req, res), rows, lifetime));
  }

  @Post(':sid/end')
  async end(@Param('sid') sid: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    const outcome = await this.logout.endSession(sid, { reason: 'admin_ended_session' });
    await flash(
      req,
      outcome.ended
        ? {
            kind: 'ok',
            text: 'Session ended; its applications are being notified (see Deliveries).',
          }
        : { kind: 'bad', text: 'That session had already ended.' },
    );
    redirectSeeOther(res, '/admin/sessions');
  }
}
