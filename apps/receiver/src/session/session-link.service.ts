import { Injectable } from '@nestjs/common';

export interface SessionLink {
  iss: string;
  sub: string;
  sid?: string;
  sessionId: string;
}

/** Links a local session to the OP's (iss, sub, sid) so a logout token can find and destroy it. */
@Injectable()
export class SessionLinkService {
  async link(_link: SessionLink): Promise<void> {
    // The library's session index plugs in here.
  }
}
