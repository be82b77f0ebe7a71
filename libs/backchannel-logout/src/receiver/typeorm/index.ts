/**
 * `nestjs-backchannel-logout/receiver/typeorm`: the receiver's stores in your TypeORM database (needs
 * `typeorm`; `@nestjs/typeorm` only if you register the entities through it).
 *
 * @example
 * import { TypeOrmReplayStore, BACKCHANNEL_RECEIVER_ENTITIES } from 'nestjs-backchannel-logout/receiver/typeorm';
 *
 * @packageDocumentation
 */
export { TypeOrmReplayStore } from '../replay/typeorm-replay.store';
export { TypeOrmSessionIndexStore } from '../sessions/index/typeorm-session-index.store';
export { TypeOrmLogoutMarkerStore } from '../sessions/markers/typeorm-logout-marker.store';
export {
  BACKCHANNEL_RECEIVER_ENTITIES,
  BACKCHANNEL_RECEIVER_MIGRATIONS,
} from '../storage/typeorm/receiver-entities';
