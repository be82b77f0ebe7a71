import { Injectable } from '@nestjs/common';
import type { Request } from 'express';
import { OidcUser } from '../users/oidc-user.entity';
import { UserService } from '../users/user.service';
import { readOpSessionCookie } from './op-session.cookie';
import { OpSession } from './op-session.entity';
import { OpSessionService } from './op-session.service';

export interface CurrentSession {
  session: OpSession;
  user: OidcUser;
}

/** The browser's live OP session: cookie present, session not ended, user still enabled. */
@Injectable()
export class CurrentSessionService {
  constructor(
    private readonly sessions: OpSessionService,
    private readonly users: UserService,
  ) {}

  async resolve(req: Request): Promise<CurrentSession | null> {
    const token = readOpSessionCookie(req);
    if (!token) return null;
    const session = await this.sessions.findActiveByCookie(token);
    if (!session) return null;
    const user = await this.users.findById(session.userId);
    if (!user || user.disabled) return null;
    return { session, user };
  }
}
