import {
  BACKCHANNEL_LOGOUT_MIGRATIONS,
  createBackchannelLogoutClientColumnsMigration,
} from 'nestjs-backchannel-logout';
import { CreateProviderTables1700000000000 } from './migrations/1700000000000-create-provider-tables';
import { RefreshTokenFamily1700000000001 } from './migrations/1700000000001-refresh-token-family';
import { RevokedGrant1700000000002 } from './migrations/1700000000002-revoked-grant';

/**
 * The provider's tables first, then the library's own tables and its two columns on `oidc_client`
 * (TypeORM orders by the 13-digit timestamp: 1700000000000 < the library's 1764460800000/...001).
 */
export const PROVIDER_MIGRATIONS = [
  CreateProviderTables1700000000000,
  RefreshTokenFamily1700000000001,
  RevokedGrant1700000000002,
  ...BACKCHANNEL_LOGOUT_MIGRATIONS,
  createBackchannelLogoutClientColumnsMigration('oidc_client'),
];
