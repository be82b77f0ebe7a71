import { DataSource } from 'typeorm';
import { databaseCases, TestDatabase } from '../../../../../test/support/databases';
import { migratedLibraryDataSource } from '../../../../../test/support/library-database';
import { DeliveryRepository, RecordedAttempt } from './delivery.repository';
import { newDeliveryRows } from './delivery-row.factory';
import { LogoutDeliveryEntity } from './logout-delivery.entity';

const attempt = (status: RecordedAttempt['status'], n: number): RecordedAttempt => ({
  status,
  attempts: n,
  httpStatus: status === 'delivered' ? 200 : 503,
  errorCode: status === 'delivered' ? null : 'rp_server_error',
  errorMessage: status === 'delivered' ? null : `attempt ${n}`,
  tokenIssuedAt: new Date('2026-01-02T03:04:05.000Z'),
  startedAt: new Date('2026-01-02T03:04:06.789Z'),
  durationMs: 12 + n,
});

describe.each(databaseCases())('DeliveryRepository batching on %s', (_name, db: TestDatabase) => {
  let dataSource: DataSource;
  let repository: DeliveryRepository;

  beforeAll(async () => {
    dataSource = await migratedLibraryDataSource(db);
    repository = new DeliveryRepository(dataSource);
  });

  afterAll(async () => {
    await dataSource.destroy();
    await db.drop();
  });

  const rowsOf = (statuses: ReadonlyArray<LogoutDeliveryEntity['status']>) =>
    repository.create({
      logoutId: '00000000-0000-4000-8000-000000000000',
      reason: null,
      initiatingClientId: null,
      deliveries: statuses.map((_, i) => ({
        clientId: `rp-${i}`,
        uri: `https://rp${i}.example/bcl`,
        sub: 'user-1',
        sid: `sid-${i}`,
      })),
    });

  const setStatus = (id: string, status: LogoutDeliveryEntity['status']) =>
    dataSource.getRepository(LogoutDeliveryEntity).update({ id }, { status });

  it('reads the rows asked for in one turn with one statement, and only attemptable ones', async () => {
    const rows = await rowsOf(['queued', 'queued', 'queued', 'queued']);
    await setStatus(rows[1].id, 'paused');
    await setStatus(rows[2].id, 'delivered');
    const reads = jest.spyOn(dataSource.manager, 'query');
    try {
      const found = await Promise.all([
        repository.findAttemptable(rows[0].id),
        repository.findAttemptable(rows[1].id),
        repository.findAttemptable(rows[2].id),
        repository.findAttemptable(rows[3].id),
        repository.findAttemptable(rows[3].id),
        repository.findAttemptable('00000000-0000-4000-8000-00000000dead'),
      ]);
      expect(reads).toHaveBeenCalledTimes(1);
      expect(found.map((r) => r?.id ?? null)).toEqual([
        rows[0].id,
        null,
        null,
        rows[3].id,
        rows[3].id,
        null,
      ]);
      expect(found[3]).not.toBe(found[4]);
      expect(found[3]).toEqual(found[4]);
    } finally {
      reads.mockRestore();
    }
    // Every column as TypeORM's own read gives it (types, dates, nulls).
    const [batched, own] = [
      await repository.findAttemptable(rows[0].id),
      await repository.findById(rows[0].id),
    ];
    expect(batched).toBeInstanceOf(LogoutDeliveryEntity);
    expect({ ...batched }).toEqual({ ...own });
    expect(batched!.createdAt).toEqual(rows[0].createdAt);
  });

  it('writes the outcomes that end together with one statement, each as it would alone', async () => {
    const rows = await rowsOf(['queued', 'queued', 'queued', 'queued']);
    await setStatus(rows[2].id, 'paused');
    await setStatus(rows[3].id, 'paused');
    const queries = jest.spyOn(dataSource.manager, 'query');
    try {
      await Promise.all([
        repository.recordAttempt(rows[0].id, attempt('delivered', 1)),
        repository.recordAttempt(rows[1].id, attempt('retrying', 1)),
        // Paused while the attempt ran: a retry keeps it paused, a final outcome does not.
        repository.recordAttempt(rows[2].id, attempt('retrying', 1)),
        repository.recordAttempt(rows[3].id, attempt('failed', 1)),
      ]);
      expect(queries).toHaveBeenCalledTimes(1);
      expect(queries.mock.calls[0][0]).toMatch(/^WITH v .* UPDATE /);
    } finally {
      queries.mockRestore();
    }
    const after = await Promise.all(rows.map((r) => repository.findById(r.id)));
    expect(after.map((r) => [r!.status, r!.attempts])).toEqual([
      ['delivered', 1],
      ['retrying', 1],
      ['paused', 1],
      ['failed', 1],
    ]);
    expect(after[0]).toMatchObject({
      lastHttpStatus: 200,
      errorCode: null,
      errorMessage: null,
      tokenIssuedAt: new Date('2026-01-02T03:04:05.000Z'),
      lastAttemptAt: new Date('2026-01-02T03:04:06.789Z'),
      durationMs: 13,
    });
    expect(after[0]!.deliveredAt).toBeInstanceOf(Date);
    expect(after[2]).toMatchObject({ errorCode: 'rp_server_error', errorMessage: 'attempt 1' });
    expect(after[1]!.deliveredAt).toBeNull();
    // The batched read hydrates every column as TypeORM's own read does (integers, dates, nulls).
    expect({ ...(await repository.findAttemptable(rows[1].id)) }).toEqual({ ...after[1] });
  });

  it('applies two outcomes of one row in the order they were recorded', async () => {
    const [row] = await rowsOf(['queued']);
    await Promise.all([
      repository.recordAttempt(row.id, attempt('retrying', 1)),
      repository.recordAttempt(row.id, attempt('delivered', 2)),
    ]);
    expect(await repository.findById(row.id)).toMatchObject({ status: 'delivered', attempts: 2 });
  });

  it('stores every column of every row as TypeORM insert does, at the same size twice and in a transaction', async () => {
    const input = (logoutId: string) => ({
      logoutId,
      reason: 'rp_initiated',
      initiatingClientId: 'rp-0',
      deliveries: [
        { clientId: 'rp-0', uri: 'https://rp0.example/bcl', sub: 'u', sid: 's' },
        { clientId: 'rp-1', uri: 'https://rp1.example/bcl?x=1', sub: null, sid: 's' },
        {
          clientId: 'rp-2',
          uri: 'http://rp2.example/bcl',
          sub: 'u',
          sid: null,
          failure: { code: 'target_scheme_refused' as const, message: 'http' },
        },
      ],
    });
    const at = new Date('2026-05-06T07:08:09.123Z');
    const ours = [
      ...(await repository.create(input('10000000-0000-4000-8000-000000000001'), at, 'queued')),
      ...(await repository.create(input('10000000-0000-4000-8000-000000000002'), at, 'queued')),
    ];
    const inTransaction = newDeliveryRows(input('10000000-0000-4000-8000-000000000003'), at);
    let alongside = false;
    await repository.insert(inTransaction, () => Promise.resolve(void (alongside = true)));
    expect(alongside).toBe(true);
    // The same rows again under other ids, through TypeORM's own insert.
    const referenceIds = [...ours, ...inTransaction].map((row) =>
      row.id.replace(/^.{8}/, 'ffffffff'),
    );
    await dataSource.getRepository(LogoutDeliveryEntity).insert(
      // Copies: TypeORM's insert writes back into the entities it is given.
      [...ours, ...inTransaction].map((row, i) =>
        Object.assign(new LogoutDeliveryEntity(), row, { id: referenceIds[i] }),
      ),
    );
    for (const [i, row] of [...ours, ...inTransaction].entries()) {
      const stored = await repository.findById(row.id);
      const expected = await repository.findById(referenceIds[i]);
      expect({ ...stored, id: null }).toEqual({ ...expected, id: null });
      expect(stored).toMatchObject({ createdAt: at, updatedAt: at, jti: row.jti, sub: row.sub });
    }
  });
});
