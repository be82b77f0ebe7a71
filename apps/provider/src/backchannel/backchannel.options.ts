import { BackchannelLogoutModuleOptions } from 'nestjs-backchannel-logout';
import { BackchannelLogoutSessionLifetimeOptions } from 'nestjs-backchannel-logout/provider';
import { OidcClient } from '../clients/oidc-client.entity';
import { ProviderConfig, ProviderSessionLifetime } from '../config/provider-config';
import { SigningKeyService } from '../keys/signing-key.service';

/**
 * How the provider configures the library: its issuer, the SAME key as its ID tokens (BCL §2.4), its
 * own client entity (inactive clients skipped), the development switch for http/private targets, and
 * the OP session lifetimes.
 */
export function backchannelLogoutOptions(
  config: ProviderConfig,
  keys: SigningKeyService,
): BackchannelLogoutModuleOptions {
  return {
    issuer: config.issuer,
    signingKey: () => {
      const key = keys.current();
      return { kid: key.kid, alg: key.alg, privateKey: key.privateKey };
    },
    clients: {
      entity: OidcClient,
      clientIdField: 'clientId',
      isActive: (client: OidcClient) => client.active,
    },
    delivery: {
      allowHttp: config.allowInsecureBackchannel,
      allowPrivateNetworks: config.allowInsecureBackchannel,
      userAgent: 'nestjs-backchannel-logout-sample-provider',
    },
    health: config.rpHealth,
    ...(config.sessionLifetime
      ? { sessionLifetime: sessionLifetimeOptions(config.sessionLifetime) }
      : {}),
  };
}

/** Server-side session lifetimes: they also bound a stolen session cookie (CurrentSessionService). */
function sessionLifetimeOptions(
  lifetime: ProviderSessionLifetime,
): BackchannelLogoutSessionLifetimeOptions {
  return {
    idleSeconds: lifetime.idleSeconds ?? undefined,
    absoluteSeconds: lifetime.absoluteSeconds ?? undefined,
    checkIntervalMs: lifetime.checkIntervalMs,
    clock: lifetime.clock,
  };
}
