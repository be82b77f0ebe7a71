import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager, IsNull, Repository } from 'typeorm';
import { SessionParticipantEntity } from './session-participant.entity';
import { BackchannelLogoutSessionRegistry, SessionParticipant } from './session-registry.interface';

/** The default {@link BackchannelLogoutSessionRegistry}, over the `bcl_session_participant` table. */
export class TypeOrmSessionRegistry implements BackchannelLogoutSessionRegistry {
  private readonly repository: Repository<SessionParticipantEntity>;
  private readonly selectBy: Partial<Record<'sid' | 'sub', string>> = {};

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

  findBySid(sid: string): Promise<SessionParticipant[]> {
    return this.findBy('sid', sid);
  }

  findBySub(sub: string): Promise<SessionParticipant[]> {
    return this.findBy('sub', sub);
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

  /**
   * The three columns a logout needs, as plain rows: the table is the library's own and its columns are
   * strings, so TypeORM's entity hydration (most of the read's CPU at 1 000 participants) has nothing to do.
   */
  private async findBy(field: 'sid' | 'sub', value: string): Promise<SessionParticipant[]> {
    const rows = await this.repository.manager.query<Array<Record<string, string | null>>>(
      (this.selectBy[field] ??= this.selectSql(field)),
      [value],
    );
    return rows.map((r) => ({ sid: r.sid, sub: r.sub!, clientId: r.client_id! }));
  }

  private selectSql(field: 'sid' | 'sub'): string {
    const { metadata } = this.repository;
    const { driver } = this.repository.manager.connection;
    const column = (property: keyof SessionParticipantEntity): string =>
      driver.escape(metadata.findColumnWithPropertyName(property)!.databaseName);
    const table = metadata.tablePath
      .split('.')
      .map((part) => driver.escape(part))
      .join('.');
    return (
      `SELECT ${column('sid')} AS sid, ${column('sub')} AS sub, ${column('clientId')} AS client_id ` +
      `FROM ${table} WHERE ${column(field)} = ${driver.createParameter(field, 0)} ` +
      `ORDER BY ${column('createdAt')} ASC`
    );
  }
}
