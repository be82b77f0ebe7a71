import { randomUUID } from 'node:crypto';
import { SessionParticipantEntity } from '../../../libs/backchannel-logout/src/provider/sessions/session-participant.entity';
import type { DataSource } from 'typeorm';
import { addClients } from '../../provider/fixtures/fixture-op.app';

/**
 * Registers `count` clients whose back-channel URIs come from `uriOf(clientId)` and records all of them in
 * one OP session of `sub` (as `recordIdTokenIssued` would, in bulk). Returns the client ids.
 */
export async function seedSession(
  dataSource: DataSource,
  input: {
    label: string;
    count: number;
    sid: string;
    sub: string;
    uriOf: (clientId: string) => string;
  },
): Promise<string[]> {
  const ids = Array.from({ length: input.count }, (_, i) => `${input.label}-${i}`);
  for (let i = 0; i < ids.length; i += 250) {
    await addClients(
      dataSource,
      ids.slice(i, i + 250).map((clientId) => ({
        clientId,
        backchannelLogoutUri: input.uriOf(clientId),
      })),
    );
  }
  await recordParticipants(dataSource, { sid: input.sid, sub: input.sub, clientIds: ids });
  return ids;
}

/** Records `clientIds` in OP session `sid` of `sub` (as `recordIdTokenIssued` would, in bulk). */
export async function recordParticipants(
  dataSource: DataSource,
  input: { sid: string; sub: string; clientIds: readonly string[] },
): Promise<void> {
  for (let i = 0; i < input.clientIds.length; i += 250) {
    await dataSource.getRepository(SessionParticipantEntity).insert(
      input.clientIds.slice(i, i + 250).map((clientId) => ({
        id: randomUUID(),
        sid: input.sid,
        sub: input.sub,
        clientId,
        createdAt: new Date(),
      })),
    );
  }
}
