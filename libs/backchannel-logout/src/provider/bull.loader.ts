import { BackchannelLogoutError } from '../common/backchannel-logout.error';

type NestBull = typeof import('@nestjs/bull');

/**
 * `@nestjs/bull` is an optional peer of the package (a receiver-only app does not need it), so it is loaded
 * when the provider module is declared, not when the package is imported.
 */
export function loadNestBull(): NestBull {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return require('@nestjs/bull') as NestBull;
  } catch (err) {
    throw BackchannelLogoutError.of(
      'invalid_options',
      'BackchannelLogoutModule needs @nestjs/bull and bull: npm install @nestjs/bull bull',
      err,
    );
  }
}
