import { createServer, type RequestListener, type Server } from 'node:http';
import { Injectable, type BeforeApplicationShutdown } from '@nestjs/common';
import { ModulesContainer } from '@nestjs/core';
import { ServiceConfig } from '../config/service-config';
import { INTERNAL_CONTROLLER } from './internal-controller';
import { InternalApiTokens } from './internal-api-tokens';
import { internalApiGate, markInternalRequest } from './internal-request';

/**
 * The internal API's own port. It is a second HTTP server on the service's one Express
 * application, not a second Nest application: internal handlers read the same repositories,
 * the same connection pool and the same outbox as the rest of the service, and a second
 * application would build a second set of each (a second pool, relay and consumer) or make
 * every app wire its providers twice. What keeps the two ports apart is the gate that bootstrap
 * installs first (internal-request.ts) and the guard on every internal controller.
 *
 * It opens only in a service that registers an @InternalController, and closes before the
 * database pool does.
 */
@Injectable()
export class InternalApiListener implements BeforeApplicationShutdown {
  readonly tokens: InternalApiTokens;
  private server: Server | null = null;

  constructor(
    config: ServiceConfig,
    private readonly modules: ModulesContainer,
  ) {
    this.tokens = InternalApiTokens.fromConfig(config);
  }

  gate(): ReturnType<typeof internalApiGate> {
    return internalApiGate(this.tokens);
  }

  hasInternalControllers(): boolean {
    return [...this.modules.values()].some((module) =>
      [...module.controllers.values()].some((wrapper) => wrapper.metatype && Reflect.getMetadata(INTERNAL_CONTROLLER, wrapper.metatype) === true),
    );
  }

  /** Serves `handler` (the Express application) on the port; resolves with the port bound. */
  async listen(handler: RequestListener, port: number, host: string): Promise<number> {
    const server = createServer((req, res) => {
      markInternalRequest(req);
      handler(req, res);
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => {
        server.off('error', reject);
        resolve();
      });
    });
    this.server = server;
    return (server.address() as { port: number }).port;
  }

  async beforeApplicationShutdown(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = null;
    // Requests in hand finish; idle keep-alive connections close at once (Node's close does that).
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}
