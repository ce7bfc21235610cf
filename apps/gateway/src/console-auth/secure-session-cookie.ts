import type { FactoryProvider } from '@nestjs/common';
import { isProduction } from '@birth/platform';

/**
 * Whether the session cookie is `Secure`: yes, unless the gateway runs with the local demo
 * configuration (NODE_ENV other than production), which serves plain http on 127.0.0.1. A
 * provider, so a test can ask for the production cookie without a production configuration.
 */
export const SECURE_SESSION_COOKIE = Symbol('SECURE_SESSION_COOKIE');

export const secureSessionCookieProvider: FactoryProvider<boolean> = { provide: SECURE_SESSION_COOKIE, useFactory: () => isProduction() };
