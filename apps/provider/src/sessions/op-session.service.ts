import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { generateSid, SessionLifecycleService } from 'nestjs-backchannel-logout';
import { EntityManager, In, IsNull, Repository } from 'typeorm';
import { hashOpaqueToken, newOpaqueToken } from '../tokens/token-hash.util';
import { OpSession } from './op-session.entity';

/** The OP's browser sessions: created at login, found by cookie, ended by logout or expiry. */
@Injectable()
export class OpSessionService {
  constructor(
    @InjectRepository(OpSession) private readonly sessions: Repository<OpSession>,
    private readonly lifecycle: SessionLifecycleService,
  ) {}

  async create(userId: string): Promise<{ session: OpSession; cookieToken: string }> {
    const { token: cookieToken, hash } = newOpaqueToken();
    const now = new Date();
    const session = await this.sessions.save(
      this.sessions.create({
        id: hash,
        // FCL §6 / BCL §2.1: the library's sid, with enough entropy that it cannot be guessed.
        sid: generateSid(),
        userId,
        authTime: now,
        endedAt: null,
        endReason: null,
      }),
    );
    // The server-side lifetimes (idle, absolute) count from here.
    await this.lifecycle.begin({ sid: session.sid, sub: userId });
    return { session, cookieToken };
  }

  findActiveByCookie(cookieToken: string): Promise<OpSession | null> {
    return this.sessions.findOneBy({ id: hashOpaqueToken(cookieToken), endedAt: IsNull() });
  }

  async isActive(sid: string): Promise<boolean> {
    return this.sessions.existsBy({ sid, endedAt: IsNull() });
  }

  listActive(): Promise<OpSession[]> {
    return this.sessions.find({ where: { endedAt: IsNull() }, order: { createdAt: 'DESC' } });
  }

  async reauthenticate(sid: string): Promise<void> {
    await this.sessions.update({ sid, endedAt: IsNull() }, { authTime: new Date() });
  }

  /**
   * Marks the session ended; false when it was already ended (logout is idempotent, RPIL §4). `manager`: the
   * caller's transaction, so the end commits with its other writes.
   */
  async end(sid: string, reason: string, manager?: EntityManager): Promise<boolean> {
    return (await this.endMany([sid], reason, manager)) > 0;
  }

  /** Ends every live session of a user in one update: their sids, and how many this call ended. */
  async endAllOfUser(userId: string, reason: string): Promise<{ sids: string[]; ended: number }> {
    const live = await this.sessions.find({
      select: { sid: true },
      where: { userId, endedAt: IsNull() },
    });
    const sids = live.map((s) => s.sid);
    return { sids, ended: await this.endMany(sids, reason) };
  }

  private async endMany(sids: string[], reason: string, manager?: EntityManager): Promise<number> {
    if (sids.length === 0) return 0;
    const sessions = manager ? manager.getRepository(OpSession) : this.sessions;
    const result = await sessions.update(
      { sid: In(sids), endedAt: IsNull() },
      { endedAt: new Date(), endReason: reason.slice(0, 64) },
    );
    return result.affected ?? 0;
  }
}
