import { BACKCHANNEL_LOGOUT_ENTITIES } from 'nestjs-backchannel-logout';
import { OidcClient } from '../clients/oidc-client.entity';
import { ProviderSecret } from '../keys/provider-secret.entity';
import { OpSession } from '../sessions/op-session.entity';
import { AuthorizationCode } from '../tokens/authorization-code.entity';
import { RefreshToken } from '../tokens/refresh-token.entity';
import { RevokedGrant } from '../tokens/revoked-grant.entity';
import { OidcUser } from '../users/oidc-user.entity';

/** The app's own entities (repositories for its services). */
export const PROVIDER_ENTITIES = [
  OidcClient,
  OidcUser,
  OpSession,
  AuthorizationCode,
  RefreshToken,
  RevokedGrant,
  ProviderSecret,
];

/** Everything the DataSource maps: the app's entities and the library's. */
export const ALL_ENTITIES = [...PROVIDER_ENTITIES, ...BACKCHANNEL_LOGOUT_ENTITIES];
