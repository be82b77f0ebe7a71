import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { ConfigError } from '../../../shared/config.util';
import { ClientMetadata } from '../clients/client-metadata';
import { ClientService } from '../clients/client.service';
import { ProviderConfig } from '../config/provider-config';
import { InjectProviderConfig } from '../config/provider-config.token';
import { UserService } from '../users/user.service';

/**
 * At start: seed the demo users, then create or update the CLIENTS_FILE clients. Every entry is
 * validated by the admin UI's rules before anything is saved; the first invalid one stops start-up
 * with a message naming the client and the field.
 */
@Injectable()
export class StartupSeeder implements OnModuleInit {
  private readonly logger = new Logger('Startup');

  constructor(
    @InjectProviderConfig() private readonly config: ProviderConfig,
    private readonly clients: ClientService,
    private readonly users: UserService,
  ) {}

  async onModuleInit(): Promise<void> {
    await this.users.seed(this.config.demoUsers);
    const valid: ClientMetadata[] = [];
    const { source, entries } = this.config.clients;
    for (const [index, entry] of entries.entries()) {
      const result = await this.clients.validate(entry, true);
      if (!result.ok) {
        const id = typeof entry.client_id === 'string' ? `"${entry.client_id}"` : `#${index + 1}`;
        // Library messages already start with the field name.
        const detail = result.errors
          .map((e) => (e.message.startsWith(e.field) ? e.message : `${e.field}: ${e.message}`))
          .join('; ');
        throw new ConfigError(`CLIENTS_FILE ${source}: client ${id}: ${detail}`);
      }
      valid.push(result.value);
    }
    for (const metadata of valid) await this.clients.save(metadata);
    if (valid.length > 0) {
      this.logger.log(
        `Registered ${valid.length} client(s) from ${source}: ${valid.map((c) => c.client_id).join(', ')}`,
      );
    }
  }
}
