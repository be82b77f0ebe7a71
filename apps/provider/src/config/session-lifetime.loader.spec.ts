import { ConfigError } from '../../../shared/config.util';
import { loadProviderConfig } from './provider-config.loader';

describe('loadProviderConfig: OP session lifetimes', () => {
  it('defaults to a 30 minute idle timeout and a 12 hour absolute lifetime', () => {
    expect(loadProviderConfig({}).sessionLifetime).toMatchObject({
      idleSeconds: 1800,
      absoluteSeconds: 43200,
    });
  });

  it('reads SESSION_IDLE_TIMEOUT_SECONDS and SESSION_MAX_LIFETIME_SECONDS; 0 turns a limit off', () => {
    const config = loadProviderConfig({
      SESSION_IDLE_TIMEOUT_SECONDS: '0',
      SESSION_MAX_LIFETIME_SECONDS: '3600',
    });
    expect(config.sessionLifetime).toMatchObject({ idleSeconds: null, absoluteSeconds: 3600 });
  });

  it.each(['-5', '1.5', 'ten', '30m'])('refuses %p with a message naming the variable', (value) => {
    expect(() => loadProviderConfig({ SESSION_IDLE_TIMEOUT_SECONDS: value })).toThrow(ConfigError);
    expect(() => loadProviderConfig({ SESSION_MAX_LIFETIME_SECONDS: value })).toThrow(
      /SESSION_MAX_LIFETIME_SECONDS/,
    );
  });
});
