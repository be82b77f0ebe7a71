import { OidcClient } from '../clients/oidc-client.entity';
import { ProviderSecret } from '../keys/provider-secret.entity';
import { OpSession } from '../sessions/op-session.entity';
import { AuthorizationCode } from '../tokens/authorization-code.entity';
import { RefreshToken } from '../tokens/refresh-token.entity';
import { OidcUser } from '../users/oidc-user.entity';

export const PROVIDER_ENTITIES = [
  OidcClient,
  OidcUser,
  OpSession,
  AuthorizationCode,
  RefreshToken,
  ProviderSecret,
];
