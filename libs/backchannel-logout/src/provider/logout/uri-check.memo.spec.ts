import { checkUri } from './logout.planner';
import { BoundedMemo } from './uri-check.memo';

describe('BoundedMemo', () => {
  it('computes each key once, remembers undefined answers too, and never holds more than max keys', () => {
    const computed: string[] = [];
    const memo = new BoundedMemo<string | undefined>(3, (key) => {
      computed.push(key);
      return key === 'none' ? undefined : key.toUpperCase();
    });
    expect(memo.get('a')).toBe('A');
    expect(memo.get('a')).toBe('A');
    expect(memo.get('none')).toBeUndefined();
    expect(memo.get('none')).toBeUndefined();
    expect(computed).toEqual(['a', 'none']);
    memo.get('b');
    expect(memo.size).toBe(3);
    memo.get('c'); // full: forgets everything, keeps c
    expect(memo.size).toBe(1);
    expect(memo.get('a')).toBe('A');
    expect(computed).toEqual(['a', 'none', 'b', 'c', 'a']);
  });
});

describe('checkUri (remembered verdicts)', () => {
  it('gives the same verdict on every call, per policy', () => {
    const strict = { allowHttp: false, allowPrivateNetworks: false };
    const lax = { allowHttp: true, allowPrivateNetworks: true };
    const uri = 'http://10.0.0.1/bcl';
    for (let i = 0; i < 2; i++) {
      expect(checkUri(uri, strict)).toEqual({
        code: 'target_scheme_refused',
        message: expect.any(String),
      });
      expect(checkUri(uri, lax)).toBeUndefined();
      expect(checkUri(uri, { allowHttp: true })).toEqual({
        code: 'target_address_refused',
        message: expect.stringContaining('10.0.0.1'),
      });
      expect(checkUri('https://rp.example/bcl#frag', lax)?.code).toBe('uri_fragment');
    }
  });
});
