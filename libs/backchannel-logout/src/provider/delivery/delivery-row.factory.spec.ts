import { deliveryId, newDeliveryRows } from './delivery-row.factory';

const UUID_V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('delivery rows', () => {
  const now = new Date('2026-03-04T05:06:07.089Z');
  const rows = newDeliveryRows(
    {
      logoutId: 'logout-1',
      reason: null,
      initiatingClientId: null,
      deliveries: Array.from({ length: 300 }, (_, i) => ({
        clientId: `rp-${i}`,
        uri: `https://rp${i}.example/bcl`,
        sub: 'u',
        sid: 's',
      })),
    },
    now,
    'queued',
  );

  it('ids are UUIDv7 carrying the logout time, distinct, and ascending in row order', () => {
    const ids = rows.map((r) => r.id);
    for (const id of ids) expect(id).toMatch(UUID_V7);
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual(ids);
    const time = parseInt(ids[0].replace(/-/g, '').slice(0, 12), 16);
    expect(time).toBe(now.getTime());
  });

  it('jtis stay random and distinct (BCL §2.4)', () => {
    const jtis = rows.map((r) => r.jti);
    expect(new Set(jtis).size).toBe(jtis.length);
    for (const jti of jtis) expect(jti).toMatch(/^[A-Za-z0-9_-]{24}$/);
  });

  it('deliveryId sets version and variant over any random bytes', () => {
    expect(deliveryId(0, 0, new Uint8Array(10).fill(0xff))).toMatch(UUID_V7);
    expect(deliveryId(2 ** 48 - 1, 4095, new Uint8Array(10))).toMatch(UUID_V7);
  });
});
