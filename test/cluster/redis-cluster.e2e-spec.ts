import { startRedisCluster, type TestRedisCluster } from '../support/redis-cluster';

describe('the Redis Cluster test fixture', () => {
  let cluster: TestRedisCluster;
  beforeAll(async () => {
    cluster = await startRedisCluster();
  });
  afterAll(() => cluster?.stop());

  it('serves keys of different slots from three masters', async () => {
    const client = cluster.client();
    const masters = await client.cluster('SHARDS');
    expect(masters).toHaveLength(3);
    await client.set('a-key', '1');
    await client.set('another', '2');
    await expect(client.get('a-key')).resolves.toBe('1');
    await expect(client.mget('{t}a', '{t}b')).resolves.toEqual([null, null]);
    await expect(client.mget('a-key', 'another')).rejects.toThrow(/CROSSSLOT/);
  });
});
