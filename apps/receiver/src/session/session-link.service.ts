import { Injectable } from '@nestjs/common';
import { SessionIndexService } from 'nestjs-backchannel-logout';

export interface SessionLink {
  iss: string;
  sub: string;
  sid?: string;
  sessionId: string;
  /** When the user signed in at this RP (ID token `iat`): an older sub-only logout token spares it. */
  authTime?: number;
}

/** Links a local session to the OP's (iss, sub, sid) so a logout token can find and destroy it. */
@Injectable()
export class SessionLinkService {
  constructor(private readonly index: SessionIndexService) {}

  link(link: SessionLink): Promise<void> {
    return this.index.link(link);
  }

  /** Local logout: the session is gone, so is its link. */
  unlink(sessionId: string): Promise<void> {
    return this.index.unlink(sessionId);
  }
}
