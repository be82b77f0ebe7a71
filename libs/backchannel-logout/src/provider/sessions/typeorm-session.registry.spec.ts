import { DataSource } from 'typeorm';
import { databaseCases, TestDatabase } from '../../../../../test/support/databases';
import { migratedLibraryDataSource } from '../../../../../test/support/library-database';
import { SessionParticipantEntity } from './session-participant.entity';
import { TypeOrmSessionRegistry } from './typeorm-session.registry';

describe.each(databaseCases())('TypeOrmSessionRegistry reads on %s', (_name, db: TestDatabase) => {
  let dataSource: DataSource;
  let registry: TypeOrmSessionRegistry;

  beforeAll(async () => {
    dataSource = await migratedLibraryDataSource(db);
    registry = new TypeOrmSessionRegistry(dataSource);
    // Recorded out of order on purpose: the reads answer in recording time order.
    const at = (s: number) => new Date(Date.UTC(2026, 0, 1, 0, 0, s));
    await dataSource.getRepository(SessionParticipantEntity).insert([
      { id: 'p3', sid: 's1', sub: 'alice', clientId: 'rp-c', createdAt: at(3) },
      { id: 'p1', sid: 's1', sub: 'alice', clientId: 'rp-a', createdAt: at(1) },
      { id: 'p2', sid: 's2', sub: 'alice', clientId: 'rp-b', createdAt: at(2) },
      { id: 'p4', sid: null, sub: 'alice', clientId: 'rp-d', createdAt: at(4) },
      { id: 'p5', sid: 's3', sub: 'bob', clientId: 'rp-a', createdAt: at(0) },
    ]);
  });

  afterAll(async () => {
    await dataSource.destroy();
    await db.drop();
  });

  /** What the registry answered before it read plain rows: TypeORM's find, mapped to participants. */
  const viaFind = async (where: { sid: string } | { sub: string }) =>
    (
      await dataSource
        .getRepository(SessionParticipantEntity)
        .find({ where, order: { createdAt: 'ASC' } })
    ).map(({ sid, sub, clientId }) => ({ sid, sub, clientId }));

  it('findBySid answers as TypeORM find did, in recording order', async () => {
    const found = await registry.findBySid('s1');
    expect(found).toEqual([
      { sid: 's1', sub: 'alice', clientId: 'rp-a' },
      { sid: 's1', sub: 'alice', clientId: 'rp-c' },
    ]);
    expect(found).toEqual(await viaFind({ sid: 's1' }));
    expect(await registry.findBySid('unknown')).toEqual([]);
  });

  it('findBySub answers as TypeORM find did, sid-less entries with a null sid', async () => {
    const found = await registry.findBySub('alice');
    expect(found.map((p) => p.clientId)).toEqual(['rp-a', 'rp-b', 'rp-c', 'rp-d']);
    expect(found[3]).toEqual({ sid: null, sub: 'alice', clientId: 'rp-d' });
    expect(found).toEqual(await viaFind({ sub: 'alice' }));
  });
});
