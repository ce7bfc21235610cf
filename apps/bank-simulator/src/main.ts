import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { ConfigError, createLogger, InternalApiExceptionFilter, loadConfig } from '@birth/platform';
import { AppModule } from './app.module';
import { BankSimulatorConfig, productionProblems } from './config';

/**
 * The bank simulator: a lean NestJS app, not bootstrapService, since the platform's service
 * wiring always connects Kafka (outbox relay, reference data) and the bank has no messaging.
 * Same conventions: configuration checked first (exit 78), `listening on …` when ready to
 * serve, SIGTERM/SIGINT stop the workers, then the pool, and exit 0.
 */
async function main(): Promise<void> {
  let config: BankSimulatorConfig;
  try {
    config = loadConfig(BankSimulatorConfig);
    const problems = productionProblems(config);
    if (problems.length) throw new ConfigError(problems);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`bank-simulator: ${error.message}\n`);
    process.exit(78);
  }
  const logger = createLogger('bank-simulator', config.LOG_LEVEL, config.LOG_FORMAT);
  const app = await NestFactory.create<NestExpressApplication>(AppModule, { logger, abortOnError: false });
  app.useBodyParser('json', { limit: '16kb' });
  app.useGlobalFilters(new InternalApiExceptionFilter());
  await app.listen(config.PORT, config.HOST);
  const { port } = app.getHttpServer().address() as { port: number };
  logger.log(`listening on http://${config.HOST}:${port}`);
  stopOnSignals(app, logger);
}

/** SIGTERM/SIGINT: finish the workers' passes in hand, close the pool, exit 0; a second signal exits 1 at once. */
function stopOnSignals(app: NestExpressApplication, logger: { log(message: string): void; error(message: string): void }): void {
  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) process.exit(1);
    stopping = true;
    logger.log(`shutting down on ${signal}`);
    app
      .close()
      .then(() => process.exit(0))
      .catch((error: Error) => {
        logger.error(`shutdown failed: ${error.message}`);
        process.exit(1);
      });
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

void main().catch((error: Error) => {
  process.stderr.write(`bank-simulator: failed to start: ${error.message}\n`);
  process.exit(1);
});
