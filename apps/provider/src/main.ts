import { Logger } from '@nestjs/common';
import { appLogger } from '../../shared/app-logger';
import { loadProviderConfig } from './config/provider-config.loader';
import { createProviderApp } from './provider-app.factory';

async function main(): Promise<void> {
  const config = loadProviderConfig();
  const app = await createProviderApp(config, {
    quietStartup: true,
    logger: appLogger(process.env.LOG_FORMAT),
  });
  await app.listen(config.port, config.host);
  const logger = new Logger('Provider');
  logger.log(`OpenID provider ${config.issuer} listening on http://${config.host}:${config.port}`);
  if (config.admin.generatedPassword) {
    // Straight to the terminal, once: the log stream (LOG_FORMAT=json) is shipped and kept, a secret must not be.
    process.stdout.write(
      `\nADMIN_PASSWORD is not set; admin password for this run: ${config.admin.password}\n\n`,
    );
  }
  if (config.allowInsecureBackchannel) {
    logger.warn(
      'ALLOW_INSECURE_BACKCHANNEL is on: http and private-network back-channel URIs are accepted',
    );
  }
}

main().catch((err: unknown) => {
  // One readable line for configuration problems (e.g. an invalid CLIENTS_FILE entry).
  process.stderr.write(`provider: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
