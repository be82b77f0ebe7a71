import {
  BackchannelLogoutClient,
  BackchannelLogoutClientStore,
} from '../provider/clients/client-store.interface';
import { OidcProviderClient, OidcProviderInstance } from './oidc-provider.types';

/**
 * {@link BackchannelLogoutClientStore} over node-oidc-provider's own `Client` model (static clients,
 * dynamic registration and its adapter alike), so the host needs no client entity of its own.
 */
export class OidcProviderClientStore implements BackchannelLogoutClientStore {
  constructor(private readonly provider: OidcProviderInstance) {}

  /** Clients `Client.find` knows; an unknown or invalid client (it throws `InvalidClient`) is left out. */
  async findClients(clientIds: readonly string[]): Promise<BackchannelLogoutClient[]> {
    const found = await Promise.all(clientIds.map((id) => this.findClient(id)));
    return found.filter((c): c is OidcProviderClient => !!c).map(toBackchannelLogoutClient);
  }

  /** One client, or `undefined` when node-oidc-provider does not know it (or rejects its metadata). */
  async findClient(clientId: string): Promise<OidcProviderClient | undefined> {
    try {
      return await this.provider.Client.find(clientId);
    } catch (err) {
      // node-oidc-provider throws InvalidClient for a stored client whose metadata no longer validates;
      // its own end_session skips such a client too. Anything else (the adapter is down) is a real error.
      if ((err as { error?: unknown })?.error === 'invalid_client') return undefined;
      throw err;
    }
  }
}

function toBackchannelLogoutClient(client: OidcProviderClient): BackchannelLogoutClient {
  return {
    clientId: client.clientId,
    backchannelLogoutUri: client.backchannelLogoutUri ?? null,
    backchannelLogoutSessionRequired: client.backchannelLogoutSessionRequired === true,
  };
}
