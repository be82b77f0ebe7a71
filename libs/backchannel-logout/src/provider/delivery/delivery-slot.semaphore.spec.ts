import { DeliverySlotSemaphore } from './delivery-slot.semaphore';

describe('DeliverySlotSemaphore', () => {
  it('hands out `size` slots, then queues callers and gives each freed slot to the longest waiting', async () => {
    const slots = new DeliverySlotSemaphore(2);
    const first = await slots.acquire();
    const second = await slots.acquire();
    const order: string[] = [];
    const third = slots.acquire().then((release) => (order.push('third'), release));
    const fourth = slots.acquire().then((release) => (order.push('fourth'), release));
    await Promise.resolve();
    expect(slots.inUse()).toBe(2);
    expect(slots.queued()).toBe(2);
    expect(order).toEqual([]);

    second();
    second(); // a second release of the same slot frees nothing more
    const releaseThird = await third;
    expect(order).toEqual(['third']);
    expect(slots.queued()).toBe(1);
    expect(slots.inUse()).toBe(2);

    first();
    const releaseFourth = await fourth;
    expect(order).toEqual(['third', 'fourth']);
    releaseThird();
    releaseFourth();
    expect(slots.inUse()).toBe(0);
    expect(slots.queued()).toBe(0);
  });
});
