import { randomUUID } from 'node:crypto';
import { SessionActivityEntity } from '../../../libs/backchannel-logout/src/provider/sessions/session-activity.entity';
import { SessionParticipantEntity } from '../../../libs/backchannel-logout/src/provider/sessions/session-participant.entity';
import { DataSource } from 'typeorm';

/** One seeded OP session: its user, and the clients that took part (`sid: null`: a sid-less RP session). */
export interface SeedSession {
  readonly sid: string | null;
  readonly sub: string;
  readonly clientIds: readonly string[];
}

const CHUNK = 200;

/**
 * Writes sessions straight into the registry and lifetime tables (as thousands of logins would), in chunks:
 * a mass logout test needs thousands of sessions, not thousands of logins.
 */
export async function seedSessions(dataSource: DataSource, sessions: readonly SeedSession[]) {
  const now = new Date();
  const participants = sessions.flatMap((s) =>
    s.clientIds.map((clientId) => ({
      id: randomUUID(),
      sid: s.sid,
      sub: s.sub,
      clientId,
      createdAt: now,
    })),
  );
  const lifetimes = sessions
    .filter((s): s is SeedSession & { sid: string } => s.sid !== null)
    .map((s) => ({
      sid: s.sid,
      sub: s.sub,
      startedAt: now,
      lastActiveAt: now,
      endedAt: null,
      endReason: null,
    }));
  for (let i = 0; i < participants.length; i += CHUNK)
    await dataSource
      .getRepository(SessionParticipantEntity)
      .insert(participants.slice(i, i + CHUNK));
  for (let i = 0; i < lifetimes.length; i += CHUNK)
    await dataSource.getRepository(SessionActivityEntity).insert(lifetimes.slice(i, i + CHUNK));
}
