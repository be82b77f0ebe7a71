import { Injectable } from '@nestjs/common';
import type { Request } from 'express';
import { SessionLifecycleService } from 'nestjs-backchannel-logout';
import { OidcUser } from '../users/oidc-user.entity';
import { UserService } from '../users/user.service';
import { readOpSessionCookie } from './op-session.cookie';
import { OpSession } from './op-session.entity';
import { OpSessionService } from './op-session.service';

export interface CurrentSession {
  session: OpSession;
  user: OidcUser;
}

/** The browser's live OP session: cookie present, session not ended nor expired, user still enabled. */
@Injectable()
export class CurrentSessionService {
  constructor(
    private readonly sessions: OpSessionService,
    private readonly users: UserService,
    private readonly lifecycle: SessionLifecycleService,
  ) {}

  async resolve(req: Request): Promise<CurrentSession | null> {
    const token = readOpSessionCookie(req);
    if (!token) return null;
    const session = await this.sessions.findActiveByCookie(token);
    if (!session) return null;
    // Server-side lifetime: a session past its idle or absolute limit is ended (and its RPs told) here,
    // so a stolen cookie stops working then, even before the expiry job comes by.
    if (!(await this.lifecycle.touch(session.sid, session.userId))) return null;
    const user = await this.users.findById(session.userId);
    if (!user || user.disabled) return null;
    return { session, user };
  }
}
