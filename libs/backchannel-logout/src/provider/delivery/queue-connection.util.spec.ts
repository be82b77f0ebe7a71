import type { Queue } from 'bull';
import { hasHashTag } from './queue-connection.util';

// Only the queue's key naming matters here: `<prefix>:<name>:` as Bull's own toKey builds it.
const queueWithKeys = (prefix: string, name = 'backchannel-logout'): Queue =>
  ({ toKey: (type: string) => `${prefix}:${name}:${type}` }) as unknown as Queue;

describe('hasHashTag', () => {
  it.each([
    ['{bcl}', 'backchannel-logout', true],
    ['bcl', '{deliveries}', true],
    ['app:{bcl-prod}', 'backchannel-logout', true],
    ['bcl', 'backchannel-logout', false],
    ['{}bcl', 'backchannel-logout', false],
    ['bcl{', 'backchannel-logout', false],
  ])('prefix %s, queue %s: %s', (prefix, name, expected) => {
    expect(hasHashTag(queueWithKeys(prefix, name))).toBe(expected);
  });
});
