import { Inject } from '@nestjs/common';

/** What the module needs to know about a registered client (BCL §2.2 metadata). */
export interface BackchannelLogoutClient {
  readonly clientId: string;
  readonly backchannelLogoutUri: string | null;
  readonly backchannelLogoutSessionRequired: boolean;
}

/**
 * Port: reads registered clients. The module ships a TypeORM implementation over the host's own client
 * entity; a host with another store implements this and passes it in the module options.
 */
export interface BackchannelLogoutClientStore {
  /**
   * The clients among `clientIds` that exist and are active. Deleted or deactivated clients must be left
   * out; they are then skipped.
   */
  findClients(clientIds: readonly string[]): Promise<BackchannelLogoutClient[]>;
}

/** Injection token of the {@link BackchannelLogoutClientStore} port. */
export const BackchannelLogoutClientStore = Symbol('BackchannelLogoutClientStore');

/** `@InjectBackchannelLogoutClientStore() store: BackchannelLogoutClientStore` */
export const InjectBackchannelLogoutClientStore = (): ParameterDecorator =>
  Inject(BackchannelLogoutClientStore);
