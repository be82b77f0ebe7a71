import { hasDuplicateMemberNames } from './json-duplicates.util';

describe('hasDuplicateMemberNames', () => {
  it.each([
    ['{}', false],
    ['{"a":1,"b":2}', false],
    ['{"a":1,"a":2}', true],
    ['{"a":{"x":1},"b":{"x":2}}', false],
    ['{"events":{"e":{},"e":{}}}', true],
    ['{"a":[{"x":1,"x":2}]}', true],
    ['{"a":["a","a"]}', false],
    ['{"a":"a","b":"a"}', false],
    ['{"iss":"x","\\u0069ss":"y"}', true],
    ['{"a\\"b":1,"a\\"b":2}', true],
    ['{"a\\\\":1,"a":2}', false],
    ['{"k":"},{\\"k\\":1","k2":1}', false],
    ['[{"a":1},{"a":1}]', false],
    [' { "a" : 1 , "a" : 2 } ', true],
  ])('%s → %s', (json, expected) => {
    JSON.parse(json);
    expect(hasDuplicateMemberNames(json)).toBe(expected);
  });
});
