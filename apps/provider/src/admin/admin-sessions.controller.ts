import {
  Controller,
  Get,
  Inject,
  NotFoundException,
  Param,
  Post,
  Req,
  Res,
  UseGuards,
} from '@nestjs/common';
import type { Request, Response } from 'express';
import { BackchannelLogoutSessionRegistry } from 'nestjs-backchannel-logout';
import { LogoutService } from '../sessions/logout.service';
import { OpSessionService } from '../sessions/op-session.service';
import { UserService } from '../users/user.service';
import { CsrfGuard } from '../web/csrf.guard';
import { redirectSeeOther, sendHtml } from '../web/html-response';
import { AdminAuthGuard } from './admin-auth.guard';
import { AdminFrameService } from './admin-frame.service';
import { flash } from './admin-flash.util';
import { SessionRow, sessionsView } from './views/sessions.view';
import { usersView } from './views/users.view';

/** OP sessions and users: list, end one session, end all of a user's, disable or enable a user. */
@Controller('admin')
@UseGuards(AdminAuthGuard, CsrfGuard)
export class AdminSessionsController {
  constructor(
    private readonly sessions: OpSessionService,
    private readonly users: UserService,
    private readonly logout: LogoutService,
    @Inject(BackchannelLogoutSessionRegistry)
    private readonly registry: BackchannelLogoutSessionRegistry,
    private readonly frames: AdminFrameService,
  ) {}

  @Get('sessions')
  async listSessions(@Req() req: Request, @Res() res: Response): Promise<void> {
    const users = new Map((await this.users.list()).map((u) => [u.id, u]));
    const rows: SessionRow[] = [];
    for (const s of await this.sessions.listActive()) {
      const participants = await this.registry.findBySid(s.sid);
      rows.push({
        sid: s.sid,
        userId: s.userId,
        username: users.get(s.userId)?.username ?? s.userId,
        createdAt: s.createdAt,
        authTime: s.authTime,
        clientIds: [...new Set(participants.map((p) => p.clientId))].sort(),
      });
    }
    sendHtml(res, sessionsView(this.frames.frame(req, res), rows));
  }

  @Post('sessions/:sid/end')
  async endSession(
    @Param('sid') sid: string,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
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

  @Get('users')
  async listUsers(@Req() req: Request, @Res() res: Response): Promise<void> {
    const active = await this.sessions.listActive();
    const rows = (await this.users.list()).map((user) => ({
      user,
      activeSessions: active.filter((s) => s.userId === user.id).length,
    }));
    sendHtml(res, usersView(this.frames.frame(req, res), rows));
  }

  @Post('users/:id/end-sessions')
  async endUserSessions(
    @Param('id') id: string,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    const user = await this.requireUser(id);
    const { count } = await this.logout.endUserSessions(user.id, 'admin_ended_user_sessions');
    await flash(req, {
      kind: 'ok',
      text: `${count} session(s) of ${user.username} ended; every application is being notified.`,
    });
    redirectSeeOther(res, '/admin/users');
  }

  @Post('users/:id/disable')
  async disable(@Param('id') id: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    const user = await this.requireUser(id);
    await this.users.setDisabled(user.id, true);
    // A disabled account is logged out everywhere, not only where it has a live OP session.
    const { count } = await this.logout.endUserSessions(user.id, 'user_disabled');
    await flash(req, {
      kind: 'ok',
      text: `${user.username} disabled; ${count} session(s) ended everywhere.`,
    });
    redirectSeeOther(res, '/admin/users');
  }

  @Post('users/:id/enable')
  async enable(@Param('id') id: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    const user = await this.requireUser(id);
    await this.users.setDisabled(user.id, false);
    await flash(req, { kind: 'ok', text: `${user.username} enabled.` });
    redirectSeeOther(res, '/admin/users');
  }

  private async requireUser(id: string) {
    const user = await this.users.findById(id);
    if (!user) throw new NotFoundException(`There is no user "${id}".`);
    return user;
  }
}
