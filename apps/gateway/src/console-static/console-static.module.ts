import { Module } from '@nestjs/common';
import { CONSOLE_DIST, CONSOLE_DIST_DIR } from './console-files';
import { ConsoleStaticController } from './console-static.controller';

/** Serves the built console (apps/console, built by Vite) as static files under /console. */
@Module({ controllers: [ConsoleStaticController], providers: [{ provide: CONSOLE_DIST, useValue: CONSOLE_DIST_DIR }] })
export class ConsoleStaticModule {}
