import {
  BadRequestException,
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
import { LogoutService } from '../sessions/logout.service';
import { OpSessionService } from '../sessions/op-session.service';
import { OidcUser } from '../users/oidc-user.entity';
import { UserService } from '../users/user.service';
import { CsrfGuard } from '../web/csrf.guard';
import { redirectSeeOther, sendHtml } from '../web/html-response';
import { AdminAuthGuard } from './admin-auth.guard';
import { flash } from './admin-flash.util';
import { AdminFrameService } from './admin-frame.service';
import { usersView } from './views/users.view';

/** The shortest password an admin may set. */
const MIN_PASSWORD_LENGTH = 12;

/**
 * Users: list with their live sessions, end all of a user's sessions, disable or enable, reset the
 * password, delete. Every action that ends sessions logs the user out at every RP (one `sub` token per
 * client), each with its own reason in the audit.
 */
@Controller('admin/users')
@UseGuards(AdminAuthGuard, CsrfGuard)
export class AdminUsersController {
  constructor(
    private readonly users: UserService,
    private readonly sessions: OpSessionService,
    private readonly logout: LogoutService,
    private readonly frames: AdminFrameService,
  ) {}

  @Get()
  async list(@Req() req: Request, @Res() res: Response): Promise<void> {
    const [users, active] = await Promise.all([this.users.list(), this.sessions.listActive()]);
    const sessionsOf = new Map<string, number>();
    for (const s of active) sessionsOf.set(s.userId, (sessionsOf.get(s.userId) ?? 0) + 1);
    const rows = users.map((user) => ({ user, activeSessions: sessionsOf.get(user.id) ?? 0 }));
    sendHtml(res, usersView(this.frames.frame(req, res), rows));
  }

  @Post(':id/end-sessions')
  async endSessions(
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

  @Post(':id/disable')
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

  @Post(':id/reset-password')
  async resetPassword(
    @Param('id') id: string,
    @Body('password') password: unknown,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    const user = await this.requireUser(id);
    if (typeof password !== 'string' || password.length < MIN_PASSWORD_LENGTH) {
      throw new BadRequestException(
        `The new password must be at least ${MIN_PASSWORD_LENGTH} characters long.`,
      );
    }
    await this.users.setPassword(user.id, password);
    // Whoever knew the old password may hold a session: every session from before the reset ends.
    const { count } = await this.logout.endUserSessions(user.id, 'password_reset');
    await flash(req, {
      kind: 'ok',
      text: `Password of ${user.username} reset; ${count} session(s) ended everywhere.`,
    });
    redirectSeeOther(res, '/admin/users');
  }

  @Post(':id/delete')
  async remove(@Param('id') id: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    const user = await this.requireUser(id);
    // Sessions first: once the account is gone, nothing must still be logged in as it.
    const { count } = await this.logout.endUserSessions(user.id, 'user_deleted');
    await this.users.delete(user.id);
    await flash(req, {
      kind: 'ok',
      text: `${user.username} deleted; ${count} session(s) ended everywhere.`,
    });
    redirectSeeOther(res, '/admin/users');
  }

  @Post(':id/enable')
  async enable(@Param('id') id: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    const user = await this.requireUser(id);
    await this.users.setDisabled(user.id, false);
    await flash(req, { kind: 'ok', text: `${user.username} enabled.` });
    redirectSeeOther(res, '/admin/users');
  }

  private async requireUser(id: string): Promise<OidcUser> {
    const user = await this.users.findById(id);
    if (!user) throw new NotFoundException(`There is no user "${id}".`);
    return user;
  }
}
