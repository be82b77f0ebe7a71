import { parseDatabaseUrl, parsePort } from './config.util';

describe('config.util', () => {
  it('maps DATABASE_URL forms', () => {
    expect(parseDatabaseUrl('postgresql://x/y', 'f')).toEqual({
      type: 'postgres',
      url: 'postgresql://x/y',
    });
    expect(parseDatabaseUrl('sqlite:data/x.sqlite', 'f')).toEqual({
      type: 'better-sqlite3',
      database: 'data/x.sqlite',
    });
    expect(parseDatabaseUrl('/abs/x.db', 'f')).toEqual({
      type: 'better-sqlite3',
      database: '/abs/x.db',
    });
    expect(parseDatabaseUrl(undefined, 'f')).toEqual({ type: 'better-sqlite3', database: 'f' });
    expect(() => parseDatabaseUrl('sqlite:', 'f')).toThrow(/names no SQLite file/);
  });

  it('reads PORT, with a fallback and a readable refusal', () => {
    expect(parsePort(undefined, 3000)).toBe(3000);
    expect(parsePort('', 3001)).toBe(3001);
    expect(parsePort('0', 3000)).toBe(0);
    expect(() => parsePort('65536', 3000)).toThrow(/PORT must be an integer/);
  });
});
