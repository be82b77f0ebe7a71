import { loadOptionalPeer } from '../common/optional-peer.loader';

type NestBull = typeof import('@nestjs/bull');

/** `@nestjs/bull` (and `bull`): loaded when the provider module is declared. */
export function loadNestBull(): NestBull {
  return loadOptionalPeer<NestBull>(
    '@nestjs/bull',
    'invalid_options',
    'BackchannelLogoutModule needs @nestjs/bull and bull: npm install @nestjs/bull bull',
  );
}
