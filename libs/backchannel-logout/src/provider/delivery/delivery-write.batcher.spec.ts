import { DeliveryWriteBatcher } from './delivery-write.batcher';

interface Item {
  readonly id: string;
  readonly n: number;
}

/** A store whose writes finish when the test says so. */
function store() {
  const batches: Array<{ items: readonly Item[]; done: () => void; fail: (e: Error) => void }> = [];
  const write = (items: readonly Item[]) =>
    new Promise<void>((done, fail) => batches.push({ items, done, fail }));
  return { batches, write };
}

const turn = () => new Promise((resolve) => setImmediate(resolve));

describe('DeliveryWriteBatcher', () => {
  it('writes the items of one turn together, and collects the next batch while one is written', async () => {
    const { batches, write } = store();
    const batcher = new DeliveryWriteBatcher<Item>(write, 1);
    const first = [batcher.run({ id: 'a', n: 1 }), batcher.run({ id: 'b', n: 1 })];
    await turn();
    const second = [batcher.run({ id: 'c', n: 1 }), batcher.run({ id: 'd', n: 1 })];
    await turn();
    expect(batches.map((b) => b.items.map((i) => i.id))).toEqual([['a', 'b']]);
    batches[0].done();
    await Promise.all(first);
    await turn();
    expect(batches.map((b) => b.items.map((i) => i.id))).toEqual([
      ['a', 'b'],
      ['c', 'd'],
    ]);
    batches[1].fail(new Error('down'));
    await expect(Promise.all(second)).rejects.toThrow('down');
  });

  it('never writes two items of one id in one batch or in overlapping batches', async () => {
    const { batches, write } = store();
    const batcher = new DeliveryWriteBatcher<Item>(write, 4);
    const a1 = batcher.run({ id: 'a', n: 1 });
    const a2 = batcher.run({ id: 'a', n: 2 });
    await turn();
    const b = batcher.run({ id: 'b', n: 1 });
    await turn();
    // b goes at once in a second batch; the second write of a waits for the first.
    expect(batches.map((x) => x.items)).toEqual([[{ id: 'a', n: 1 }], [{ id: 'b', n: 1 }]]);
    batches[1].done();
    await b;
    await turn();
    expect(batches).toHaveLength(2);
    batches[0].done();
    await a1;
    await turn();
    expect(batches[2].items).toEqual([{ id: 'a', n: 2 }]);
    batches[2].done();
    await a2;
  });
});
