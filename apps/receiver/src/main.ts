import { Logger } from '@nestjs/common';
import { appLogger } from '../../shared/app-logger';
import { loadReceiverConfig } from './config/receiver-config.loader';
import { createReceiverApp } from './receiver-app.factory';

async function main(): Promise<void> {
  const config = loadReceiverConfig();
  const app = await createReceiverApp(config, {
    quietStartup: true,
    logger: appLogger(process.env.LOG_FORMAT),
  });
  await app.listen(config.port, config.host);
  new Logger('Receiver').log(
    `Relying party ${config.clientId} on ${config.baseUrl} (issuer ${config.issuerBaseUrl}, back-channel logout at ${config.baseUrl}${config.backchannelPath})`,
  );
}

main().catch((err: unknown) => {
  process.stderr.write(`receiver: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
