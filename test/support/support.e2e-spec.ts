import Redis from 'ioredis';
import { DataSource } from 'typeorm';
import { databaseCases } from './databases';
import { deleteKeysWithPrefix, testRedisUrl, uniquePrefix } from './redis';

describe('test support', () => {
  it('reaches the real Redis the run set up', async () => {
    const prefix = uniquePrefix('support');
    const redis = new Redis(testRedisUrl());
    try {
      await redis.set(`${prefix}:a`, '1');
      await expect(redis.get(`${prefix}:a`)).resolves.toBe('1');
    } finally {
      redis.disconnect();
    }
    await expect(deleteKeysWithPrefix(prefix)).resolves.toBe(1);
  });

  describe.each(databaseCases())('database %s', (_name, db) => {
    afterAll(() => db.drop());
    it('opens a fresh database', async () => {
      const ds = new DataSource({ ...(await db.create()) });
      await ds.initialize();
      try {
        const rows: unknown[] = await ds.query('SELECT 1 AS one');
        expect(rows).toHaveLength(1);
      } finally {
        await ds.destroy();
      }
    });
  });
});
