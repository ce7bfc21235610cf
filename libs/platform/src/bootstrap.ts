import 'reflect-metadata';
import { NestFactory, type NestApplicationContext } from '@nestjs/core';
import type { INestApplication } from '@nestjs/common';
import { ConfigError, loadConfig } from './config/config-loader';
import { createLogger } from './logging/logger';
import type { MicroserviceOptions, NestMicroservice } from '@nestjs/microservices';
import { RethrowToInbox } from '@birth/messaging';
import { MessagingRuntime } from './messaging-runtime';
import { InternalApiListener } from './internal-api/internal-api-listener';
import type { ServiceDescriptor } from './service-descriptor';

/**
 * Starts a service: validates configuration first (a bad variable stops the process with a
 * message naming it, before anything connects), then HTTP (health answers at once), then the
 * internal API on its own port (when the service has internal controllers), then the consumer,
 * which joins its group in the background and retries while Kafka is away.
 */
export async function bootstrapService(appModule: unknown, service: ServiceDescriptor): Promise<INestApplication> {
  let config;
  try {
    config = loadConfig(service.configClass);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${service.name}: ${error.message}\n`);
      process.exit(78); // EX_CONFIG
    }
    throw error;
  }
  // JSON lines through pino (nestjs-pino); ServiceModule mounts the request log on the same logger.
  const logger = createLogger(service.name, config.LOG_LEVEL, config.LOG_FORMAT);
  // rawBody: signed requests are verified over the exact bytes received, never a re-serialised body.
  const app = await NestFactory.create(appModule as never, { logger, abortOnError: false, rawBody: true });
  // First of all middleware: keeps /internal off the main port and everything else off the internal one.
  const internalApi = app.get(InternalApiListener);
  if (internalApi.hasInternalControllers() && internalApi.tokens.callers.length === 0) {
    // Only in production, where the demo token is refused: no caller could ever be let in.
    process.stderr.write(
      `${service.name}: invalid configuration:\n  - INTERNAL_API_TOKENS is required in production: this service serves an internal API, and the demo token is refused there\n`,
    );
    process.exit(78);
  }
  app.use(internalApi.gate());
  service.configureApp?.(app);
  if (service.consumes) {
    // The HTTP app's filters are HTTP-shaped: handlers' errors must reach the inbox consumer
    // untouched. Filters apply only if set before the listeners are registered, so initialisation
    // is deferred and then done exactly as connectMicroservice would have done it.
    const microservice = app.connectMicroservice<MicroserviceOptions>(
      { strategy: app.get(MessagingRuntime).transport() },
      { inheritAppConfig: false, deferInitialization: true },
    ) as unknown as NestMicroservice;
    microservice.useGlobalFilters(new RethrowToInbox());
    microservice.registerListeners();
    microservice.setIsInitialized(true);
    microservice.setIsInitHookCalled(true);
  }
  await app.listen(config.PORT, config.HOST);
  const { port } = app.getHttpServer().address() as { port: number };
  if (internalApi.hasInternalControllers()) {
    const internalPort = await internalApi.listen(app.getHttpAdapter().getInstance(), config.INTERNAL_PORT, config.HOST);
    // Worded apart from the next line, which scripts and tests wait for: when it shows, both ports answer.
    logger.log(`internal API on http://${config.HOST}:${internalPort} for ${internalApi.tokens.callers.join(', ')}`);
  }
  logger.log(`listening on http://${config.HOST}:${port}`);
  if (service.consumes) {
    app.startAllMicroservices().catch((error: Error) => logger.error(`consumer failed to start: ${error.message}`));
  }
  stopGracefullyOnSignals(app, logger);
  return app;
}

/**
 * SIGTERM/SIGINT: close the application (consumer stops after the message in hand, the relay
 * flushes, connections close) and exit 0. A second signal, or a shutdown that hangs past the
 * deadline, exits at once with 1.
 */
function stopGracefullyOnSignals(app: INestApplication, logger: { error(message: string): void }, deadlineMs = 30_000): void {
  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) process.exit(1);
    stopping = true;
    setTimeout(() => {
      logger.error(`shutdown did not finish within ${deadlineMs} ms; exiting`);
      process.exit(1);
    }, deadlineMs).unref();
    // NestApplicationContext.close passes the signal on to beforeApplicationShutdown; the interface hides the parameter.
    (app as unknown as NestApplicationContext)
      .close(signal)
      .then(() => process.exit(0))
      .catch((error: Error) => {
        logger.error(`shutdown failed: ${error.message}`);
        process.exit(1);
      });
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}
