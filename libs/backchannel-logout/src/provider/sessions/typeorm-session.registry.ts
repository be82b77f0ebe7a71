import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager, IsNull, Repository } from 'typeorm';
import { SessionParticipantEntity } from './session-participant.entity';
import { BackchannelLogoutSessionRegistry, SessionParticipant } from './session-registry.interface';

/** The default {@link BackchannelLogoutSessionRegistry}, over the `bcl_session_participant` table. */
export class TypeOrmSessionRegistry implements BackchannelLogoutSessionRegistry {
  private readonly repository: Repository<SessionParticipantEntity>;

  constructor(dataSource: DataSource) {
    this.repository = dataSource.getRepository(SessionParticipantEntity);
  }

  async record(participant: SessionParticipant): Promise<void> {
    if (participant.sid === null) {
      // NULLs never collide in a unique index: de-duplicate sid-less entries by hand.
      const { sub, clientId } = participant;
      if (await this.repository.exists({ where: { sid: IsNull(), sub, clientId } })) return;
    }
    // Unique (sid, client_id): an ID Token issued again for the same RP session is recorded once.
    await this.repository
      .createQueryBuilder()
      .insert()
      .values({
        id: randomUUID(),
        sid: participant.sid,
        sub: participant.sub,
        clientId: participant.clientId,
        createdAt: new Date(),
      })
      .orIgnore()
      .updateEntity(false)
      .execute();
  }

  async findBySid(sid: string): Promise<SessionParticipant[]> {
    return this.map(await this.repository.find({ where: { sid }, order: { createdAt: 'ASC' } }));
  }

  async findBySub(sub: string): Promise<SessionParticipant[]> {
    return this.map(await this.repository.find({ where: { sub }, order: { createdAt: 'ASC' } }));
  }

  /** `manager`: inside that transaction (the outbox write's, so the rows and the removal commit at once). */
  async removeBySid(sid: string, manager?: EntityManager): Promise<void> {
    await this.on(manager).delete({ sid });
  }

  /** `manager`: as in {@link removeBySid}. */
  async removeBySub(sub: string, manager?: EntityManager): Promise<void> {
    await this.on(manager).delete({ sub });
  }

  private on(manager: EntityManager | undefined): Repository<SessionParticipantEntity> {
    return manager ? manager.getRepository(SessionParticipantEntity) : this.repository;
  }

  private map(rows: SessionParticipantEntity[]): SessionParticipant[] {
    return rows.map(({ sid, sub, clientId }) => ({ sid, sub, clientId }));
  }
}
